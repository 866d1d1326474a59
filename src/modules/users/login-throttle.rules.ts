/**
 * Login throttling as a pure rule: too many failed logins for one username, or from one
 * address, within a window lock further attempts until the failures age out of the window.
 * The address limit is higher because a whole office often shares one address behind NAT.
 */
export interface LoginThrottlePolicy {
  /** Length of the counting window in milliseconds. */
  windowMs: number;
  /** Failures per username within the window that lock it. */
  maxFailuresPerUsername: number;
  /** Failures per client address within the window that lock it. */
  maxFailuresPerAddress: number;
}

export const defaultLoginThrottlePolicy: LoginThrottlePolicy = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerUsername: 5,
  maxFailuresPerAddress: 20,
};

export interface RecentFailures {
  username: number;
  address: number;
}

/** Whether recent failures lock further login attempts. */
export function isLoginLocked(failures: RecentFailures, policy: LoginThrottlePolicy): boolean {
  return (
    failures.username >= policy.maxFailuresPerUsername || failures.address >= policy.maxFailuresPerAddress
  );
}

/** The instant (ISO) from which failures still count. */
export function failureWindowStart(now: Date, policy: LoginThrottlePolicy): string {
  return new Date(now.getTime() - policy.windowMs).toISOString();
}
