package io.cryptopipe.aggregate.repository;

import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/**
 * Reads a raw document projected to {@code {coin_id, timestamp}} straight from BSON, without building a
 * {@code Document} and a {@code Date} for each of the day's millions of observations. Read-only.
 */
final class ObservationTimeCodec implements Codec<ObservationTime> {

    @Override
    public ObservationTime decode(BsonReader reader, DecoderContext context) {
        String coinId = null;
        long timestamp = Long.MIN_VALUE;
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = reader.readName();
            if (field.equals("coin_id") && reader.getCurrentBsonType() == BsonType.STRING) {
                coinId = reader.readString();
            } else if (field.equals("timestamp") && reader.getCurrentBsonType() == BsonType.DATE_TIME) {
                timestamp = reader.readDateTime();
            } else {
                reader.skipValue();
            }
        }
        reader.readEndDocument();
        if (coinId == null || timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("raw document without a string coin_id and a date timestamp");
        }
        return new ObservationTime(coinId, timestamp);
    }

    @Override
    public void encode(BsonWriter writer, ObservationTime value, EncoderContext context) {
        throw new UnsupportedOperationException("observation times are only read");
    }

    @Override
    public Class<ObservationTime> getEncoderClass() {
        return ObservationTime.class;
    }
}
