/** The peer did not answer in time (it may be down, or the broker unreachable). */
export class RpcTimeoutError extends Error {
  constructor(method: string, timeoutMs: number) {
    super(`RPC ${method} got no reply within ${timeoutMs} ms`);
  }
}

/** The peer handled the call and answered with a failure. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The connection to the broker dropped while the call was in flight; its reply is lost. */
export class RpcConnectionLostError extends Error {
  constructor(method: string) {
    super(`connection to the message broker was lost during RPC ${method}`);
  }
}

/** The client was closed (the process is shutting down): no call or cast goes out any more. */
export class RpcClientClosedError extends Error {
  constructor(method: string) {
    super(`RPC ${method} not sent: the RPC client is closed (shutting down)`);
  }
}
