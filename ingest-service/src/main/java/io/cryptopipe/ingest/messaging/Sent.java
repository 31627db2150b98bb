package io.cryptopipe.ingest.messaging;

import io.cryptopipe.ingest.model.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * What one attempt at a {@link Delivery} came to.
 *
 * @param acknowledged the verdicts the broker acknowledged in this attempt (they have left the delivery)
 * @param incomplete   why the delivery is not done, when some of it is left
 */
public record Sent(List<Verdict> acknowledged, Optional<PublishIncompleteException> incomplete) {

    /** @throws PublishIncompleteException when the broker did not acknowledge the whole delivery */
    public void throwIfIncomplete() {
        if (incomplete.isPresent()) {
            throw incomplete.get();
        }
    }
}
