package io.cryptopipe.aggregate.service;

import io.cryptopipe.aggregate.config.AggregateConfig;
import io.cryptopipe.aggregate.model.CoinDay;
import io.cryptopipe.aggregate.model.GateFailure;
import io.cryptopipe.aggregate.model.GateVerdict;
import io.cryptopipe.aggregate.repository.DailyStatisticsRepository;
import io.cryptopipe.aggregate.repository.QualityReportRepository;
import io.cryptopipe.aggregate.repository.QualityReportRepository.MissingCoins;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the quality gate on what the job stored for a day (the coins' {@code quality} sub-documents and the
 * day's report), with the thresholds configured now, so a changed threshold needs no re-aggregation. Read-only.
 */
@ApplicationScoped
public class QualityCheck {

    private final DailyStatisticsRepository repository;
    private final QualityReportRepository reports;
    private final QualityGate gate;

    public QualityCheck(DailyStatisticsRepository repository, QualityReportRepository reports,
            AggregateConfig config) {
        this.repository = repository;
        this.reports = reports;
        this.gate = QualityGate.of(config);
    }

    public GateVerdict evaluate(LocalDate day) {
        List<CoinDay> coins = repository.coinDays(day);
        Optional<MissingCoins> missing = reports.missingCoins(day);
        GateVerdict verdict = missing
                .map(stored -> gate.evaluate(day, coins, stored.listed(), stored.count()))
                .orElseGet(() -> gate.evaluate(day, coins, List.of()));
        if (missing.isEmpty() && !coins.isEmpty()) {
            // Daily documents without a report: written by an older job, or a run that stopped half-way.
            verdict = verdict.plus(GateFailure.ofDay("no quality report for " + day + " (aggregate the day again)"));
        }
        return verdict;
    }
}
