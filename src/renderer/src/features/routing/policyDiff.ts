/** The routing page's policy comparison: the pure diff lives in shared, where the policy history uses it too. */
export * from '../../../../shared/routingPolicyDiff'
