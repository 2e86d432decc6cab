package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Names the topic of each event type: {@code {type}} in the pattern is replaced by the event's type
 * name ({@code marketpipe.{type}} puts trades in {@code marketpipe.trade}). A pattern without
 * {@code {type}} sends every type to one topic, which keeps the order of an instrument's events
 * across types too.
 *
 * @param pattern the topic name with an optional {@code {type}} placeholder
 */
record TopicPattern(String pattern)
{
    static final String PLACEHOLDER = "{type}";

    // what Kafka accepts as a topic name
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    TopicPattern
    {
        requireNonNull(pattern, "pattern is null");
        String sample = pattern.replace(PLACEHOLDER, "book_snapshot");
        if (!LEGAL.matcher(sample).matches() || sample.equals(".") || sample.equals("..")) {
            throw new IllegalArgumentException("\"" + pattern + "\" does not make legal topic names: letters, digits, '.', '_' and '-' with "
                    + PLACEHOLDER + " for the event type, at most 249 characters");
        }
    }

    /**
     * Reads the {@code topic-pattern} key of a block.
     */
    static TopicPattern from(PluginConfig config)
    {
        try {
            return new TopicPattern(config.getString("topic-pattern"));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.path() + ".topic-pattern", e.getMessage());
        }
    }

    /**
     * @return the topic of events of that type
     */
    String topic(String type)
    {
        return pattern.replace(PLACEHOLDER, type);
    }

    /**
     * @return the distinct topics of those types, in their order
     */
    List<String> topics(Set<String> types)
    {
        Set<String> topics = new LinkedHashSet<>();
        for (String type : types) {
            topics.add(topic(type));
        }
        return new ArrayList<>(topics);
    }
}
