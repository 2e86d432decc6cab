package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ReconnectPolicy;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * One connection attempt the {@link ReconnectPolicy} let through. Its outcome reaches the policy
 * exactly once: the first of {@link #succeeded()} and {@link #failed(String)} is reported and every
 * later call is a no-op, so racing callbacks (a frame and a drop, a replacement and a drop) cannot
 * report an attempt twice or leave it unreported by the usual paths.
 */
public final class ReconnectAttempt
{
    private final ReconnectPolicy policy;
    private final AtomicBoolean settled = new AtomicBoolean();

    ReconnectAttempt(ReconnectPolicy policy)
    {
        this.policy = requireNonNull(policy, "policy is null");
    }

    /**
     * @return true when this call reported the outcome
     */
    public boolean succeeded()
    {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        policy.succeeded();
        return true;
    }

    /**
     * @return true when this call reported the outcome
     */
    public boolean failed(String reason)
    {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        policy.failed(reason);
        return true;
    }

    /**
     * @return true once the outcome was reported
     */
    public boolean settled()
    {
        return settled.get();
    }
}
