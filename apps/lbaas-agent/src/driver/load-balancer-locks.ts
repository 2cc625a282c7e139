import { Injectable } from '@nestjs/common';

/** Work on one load balancer is serialised: an RPC and the periodic reconcile never interleave on it. */
@Injectable()
export class LoadBalancerLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(loadBalancerId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(loadBalancerId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(loadBalancerId, next);
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.tails.get(loadBalancerId) === next) this.tails.delete(loadBalancerId);
      });
    return next;
  }
}
