import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the REST API, built from the controllers and DTOs: JSON at /openapi.json,
 * a browsable page at /docs.
 */
export function serveOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('lbaas-server')
    .setDescription(
      'Load balancers as a service: the LBaaS v2 / Octavia v2 API (also under /v2/lbaas and /v2), the ' +
        'Neutron-compatible networking subset the VIPs need, and the LBaaS agents. Errors carry both ' +
        'faultstring (Octavia) and NeutronError (neutron). Without Keystone, X-Project-Id and X-Roles ' +
        'identify the caller.',
    )
    .setVersion(version)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
