package io.cryptopipe.aggregate.repository.pipeline;

import org.bson.Document;

import java.util.Arrays;
import java.util.List;

/** Expression helpers the stages share. */
final class Expressions {

    private Expressions() {
    }

    /** The value of a field (or a dotted path) of the stage's input document. */
    static String field(String name) {
        return "$" + name;
    }

    /**
     * The field's value, or {@code null} when the field is missing: a raw document may lack a field rather than hold
     * null, and aggregation expressions tell the two apart.
     */
    static Document orNull(String name) {
        return new Document("$ifNull", Arrays.asList(field(name), null));
    }

    /** True when the field holds a value, false when it is null or missing. */
    static Document present(String name) {
        return new Document("$ne", Arrays.asList(orNull(name), null));
    }

    /** 1 when the field holds a value, 0 when it is null or missing: what {@code $avg} counts. */
    static Document presentCount(String name) {
        return new Document("$cond", List.of(present(name), 1, 0));
    }

    /** What {@code $avg} gives from a sum and the count of values summed: null when there was no value. */
    static Document average(String sum, String count) {
        return new Document("$cond", Arrays.asList(new Document("$eq", List.of(field(count), 0)), null,
                new Document("$divide", List.of(field(sum), field(count)))));
    }
}
