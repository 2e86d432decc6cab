package io.marketpipe.core.internal.validation;

import io.marketpipe.api.model.Trade;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The most recent trade ids of one instrument, a bounded number of them, and the highest numeric
 * id seen.
 */
final class RecentTradeIds
{
    private static final long NOT_NUMERIC = -1;

    private final int capacity;
    private final ArrayDeque<String> order;
    private final Set<String> ids;
    private long highest = NOT_NUMERIC;

    RecentTradeIds(int capacity)
    {
        this.capacity = capacity;
        this.order = new ArrayDeque<>(capacity);
        this.ids = new HashSet<>(capacity * 2);
    }

    /**
     * @return what is wrong with the trade's id, or null when it is new and in order
     */
    Violation check(Trade trade, boolean rejectOutOfOrder)
    {
        String id = trade.tradeId();
        if (ids.contains(id)) {
            return new Violation(Rejection.DUPLICATE_TRADE, "trade " + id + " was already received");
        }
        long numeric = numeric(id);
        if (rejectOutOfOrder && !trade.backfilled() && numeric != NOT_NUMERIC && numeric < highest) {
            return new Violation(Rejection.OUT_OF_ORDER_TRADE, "trade " + id + " arrived after trade " + highest);
        }
        return null;
    }

    void remember(Trade trade)
    {
        String id = trade.tradeId();
        if (order.size() == capacity) {
            ids.remove(order.removeFirst());
        }
        order.addLast(id);
        ids.add(id);
        highest = Math.max(highest, numeric(id));
    }

    // ids of up to 18 digits always fit a long; longer or non-decimal ids are only checked for duplicates
    private static long numeric(String id)
    {
        int length = id.length();
        if (length == 0 || length > 18) {
            return NOT_NUMERIC;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_NUMERIC;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
