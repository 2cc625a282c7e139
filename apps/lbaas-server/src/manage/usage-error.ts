/** A bad command line of lbaas-manage: the message and the usage, exit code 2. */
export class UsageError extends Error {}
