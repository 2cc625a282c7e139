import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';

/** Where `npm run build` puts the dashboard (vite, apps/lbaas-ui), beside the server's own bundle. */
export const DEFAULT_UI_DIR = join(__dirname, '..', '..', 'ui');

/**
 * The dashboard's files at /ui/. Their names carry a content hash, so they are cached for a year;
 * index.html names the current ones and is revalidated on every load. Registered before the API's
 * middleware: the pages themselves need no credentials (everything they show comes from the API).
 */
export function serveUi(app: NestExpressApplication, directory = DEFAULT_UI_DIR): void {
  if (!existsSync(join(directory, 'index.html'))) {
    new Logger('lbaas-server').warn(
      { directory },
      'no dashboard at /ui: its bundle is not built (npm run build)',
    );
    return;
  }
  app.useStaticAssets(directory, {
    prefix: '/ui/',
    index: 'index.html',
    setHeaders: (response: Response, path: string) => {
      if (path.endsWith('.html')) {
        response.setHeader('Cache-Control', 'no-cache');
        // Everything the page loads comes from this origin: a bundle that works offline, and no injected script.
        response.setHeader(
          'Content-Security-Policy',
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
        );
      } else {
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
      response.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
}
