// The folded state of a customer's lock: a leaf module, so other aggregates' commands and helpers can name it
// without importing the decider (and the decider's own imports) back.
export interface CustomerClaim {
  readonly customerKey: string;
  readonly registrationId: string;
  readonly partnerId: string;
  /** The last protected day, inclusive. */
  readonly protectedUntil: string;
  readonly claimedAt: string;
  /** True once the claim's protection was extended (CustomerClaimExtended): at most once. */
  readonly extended?: boolean;
}

export interface CustomerLockState {
  /** The latest claim, live or expired; null when never claimed or released. */
  readonly claim: CustomerClaim | null;
  /**
   * Subdomains a partner manager declared separate customers, on the stream of their registrable
   * domain (`eu.globex.com` on `customer-globex.com`); each is then locked on its own stream.
   */
  readonly divisions: readonly string[];
}
