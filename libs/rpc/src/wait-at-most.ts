/**
 * Waits for `work` to settle, but never longer than `ms`: for shutdown steps that should finish what is
 * under way without ever holding a stopping process. Never rejects; leaves no timer behind.
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
