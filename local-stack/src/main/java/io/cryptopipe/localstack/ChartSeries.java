package io.cryptopipe.localstack;

/** The three arrays of a {@code market_chart} answer, each with the {@code /coins/markets} field it charts. */
enum ChartSeries {

    PRICES("prices", "current_price"),
    MARKET_CAPS("market_caps", "market_cap"),
    TOTAL_VOLUMES("total_volumes", "total_volume");

    private final String name;
    private final String marketsField;

    ChartSeries(String name, String marketsField) {
        this.name = name;
        this.marketsField = marketsField;
    }

    /** The array's name in the answer. */
    String jsonName() {
        return name;
    }

    /** The field of a {@code /coins/markets} record this series charts. */
    String marketsField() {
        return marketsField;
    }
}
