package io.cryptopipe.store.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptopipe.contract.MarketRecord;
import io.cryptopipe.contract.RawFields;
import io.cryptopipe.contract.ReasonCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a {@code market.raw} value into a {@link MarketRecord}, or says why it cannot.
 * <p>
 * It reads with {@link StrictJson}'s mapper rather than the application's: a store that cannot trust its topic
 * must refuse values of the wrong type, not guess.
 */
@ApplicationScoped
public class RecordDecoder {

    // Jackson would read a number here as epoch seconds; the contract says text, and a number could as well be
    // milliseconds (CoinGecko's own charts use those), so it is refused rather than guessed.
    private static final List<String> TIME_FIELDS = List.of(RawFields.TIMESTAMP, RawFields.FETCHED_AT);

    private final ObjectMapper mapper = StrictJson.mapper();
    private final OnePassRecordReader onePass = new OnePassRecordReader(mapper);

    public Decoded decode(String value) {
        if (value == null || value.isBlank()) {
            return Decoded.refused(ReasonCode.EMPTY_VALUE, "the record has no value", null);
        }
        // Nearly every value is a well-formed contract record: read it in one pass. The tree below is for the rest,
        // where knowing exactly what is wrong, and in which order to judge it, is worth a second pass.
        Optional<MarketRecord> common = onePass.read(value);
        if (common.isPresent()) {
            return Decoded.of(common.get());
        }
        return decodeByTree(value);
    }

    /** The slow path, for any value: builds the tree, judges it field by field, then maps it. */
    Decoded decodeByTree(String value) {
        JsonNode tree;
        try {
            tree = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            return Decoded.refused(ReasonCode.MALFORMED_JSON, e.getOriginalMessage(), null);
        }
        if (!tree.isObject()) {
            return Decoded.refused(ReasonCode.NOT_AN_OBJECT, "expected a JSON object, got " + tree.getNodeType(), null);
        }
        JsonNode coinIdNode = tree.get(RawFields.COIN_ID);
        String coinId = coinIdNode != null && coinIdNode.isTextual() ? coinIdNode.textValue() : null;
        // The meaning of every other field depends on the version, so an unknown version is refused as such
        // before its fields are judged against a shape they may not have.
        JsonNode version = tree.get(RawFields.SCHEMA_VERSION);
        if (version == null || version.isNull()) {
            return Decoded.refused(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "schema_version is missing", coinId);
        }
        if (version.isIntegralNumber() && version.asLong() != MarketRecord.SCHEMA_VERSION) {
            return Decoded.refused(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, "unsupported schema_version " + version,
                    coinId);
        }
        for (String field : TIME_FIELDS) {
            JsonNode time = tree.get(field);
            if (time != null && !time.isNull() && !time.isTextual()) {
                return Decoded.refused(ReasonCode.WRONG_TYPE,
                        field + ": expected an ISO-8601 time as text, got " + time.getNodeType(), coinId);
            }
        }
        try {
            return Decoded.of(mapper.treeToValue(tree, MarketRecord.class));
        } catch (JsonMappingException e) {
            return Decoded.refused(ReasonCode.WRONG_TYPE, fieldPath(e) + ": " + withoutHint(e.getOriginalMessage()),
                    coinId);
        } catch (JsonProcessingException e) {
            return Decoded.refused(ReasonCode.MALFORMED_JSON, e.getOriginalMessage(), coinId);
        }
    }

    // Jackson suggests enabling coercion, which is exactly what this decoder must not do.
    private static String withoutHint(String message) {
        return message.replaceAll(" \\(but (might|could) if coercion[^)]*\\)", "");
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "record" : path;
    }
}
