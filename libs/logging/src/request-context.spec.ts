import { currentRequestId, requestIdLogFields, runWithRequestId } from './request-context';

describe('request context', () => {
  it('keeps the request id through async work, and only inside it', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runWithRequestId('req-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const later = await Promise.resolve().then(() => currentRequestId());
      return [currentRequestId(), later, requestIdLogFields()];
    });
    expect(seen).toEqual(['req-1', 'req-1', { request_id: 'req-1' }]);
    expect(requestIdLogFields()).toEqual({});
  });

  it('runs work unchanged without an id', () => {
    expect(runWithRequestId(undefined, () => currentRequestId() ?? 'none')).toBe('none');
  });
});
