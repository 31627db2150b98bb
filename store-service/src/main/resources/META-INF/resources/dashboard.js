'use strict';
// The dashboard: reads the query API only (same origin), redraws every refresh interval. Text from the data goes
// into the page through textContent, never as HTML. The coin table shows one page of the API's list at a time
// (the whole market is about 15,000 coins: rendering them all would take seconds on every refresh) and searches
// through the API, which filters in MongoDB.
(function () {
    const RANGES = {'1h': 3600e3, '6h': 6 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3};
    const PAGE_SIZE = 50;
    const SEARCH_DELAY_MS = 250;
    // cursors[i] is where page i starts (null: the first page); the API's cursors only lead forwards.
    // rangeChosen: the user picked a range; until then the page chooses (see chartSeries).
    const state = {coin: null, range: '24h', rangeChosen: false, refreshSeconds: 30, search: '', cursors: [null],
        page: 0, next: null};
    // Each coin-table load, for the browser test's measurements: what caused it, fetch and render time (ms).
    const timings = window.dashboardTimings = [];
    let coinRequest = 0;
    let coinsLoading = false;
    const priceChart = echarts.init(document.getElementById('price-chart'), null, {renderer: 'svg'});
    const dailyChart = echarts.init(document.getElementById('daily-chart'), null, {renderer: 'svg'});
    const status = document.getElementById('status');

    const price = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 6});
    const compact = new Intl.NumberFormat('en-US', {notation: 'compact', maximumFractionDigits: 2});

    async function getJson(url) {
        const response = await fetch(url, {headers: {Accept: 'application/json'}});
        const body = await response.json();
        if (!response.ok) {
            throw new Error(body.message || response.statusText);
        }
        return body;
    }

    function cell(row, text, className) {
        const td = row.insertCell();
        td.textContent = text;
        if (className) {
            td.className = className;
        }
        return td;
    }

    function renderCoins(coins) {
        const body = document.querySelector('#coins tbody');
        body.replaceChildren();
        for (const coin of coins) {
            const row = body.insertRow();
            row.dataset.coinId = coin.coin_id;
            row.classList.toggle('selected', coin.coin_id === state.coin);
            cell(row, coin.market_cap_rank ?? '–');
            const name = cell(row, coin.name);
            const symbol = document.createElement('span');
            symbol.className = 'symbol';
            symbol.textContent = coin.symbol;
            name.appendChild(symbol);
            cell(row, coin.current_price == null ? '–' : price.format(coin.current_price));
            const change = coin.price_change_percentage_24h;
            cell(row, change == null ? '–' : change.toFixed(2) + ' %', change == null ? '' : change >= 0 ? 'up' : 'down');
            cell(row, coin.market_cap == null ? '–' : compact.format(coin.market_cap));
            row.title = 'Observed ' + coin.observed_at;
            row.addEventListener('click', () => select(coin.coin_id, coin.name));
        }
        if (!state.coin && coins.length > 0) {
            select(coins[0].coin_id, coins[0].name);
        }
    }

    const STEP_MS = {'1m': 60e3, '5m': 300e3, '1h': 3600e3};
    // A line joins two neighbouring points unless they lie more than GAP_FACTOR times the series' spacing there
    // apart: the step, or the closer of the two neighbouring spacings where that is wider (hourly history stays a
    // line at 5-minute steps). So a bucket of live polls missing breaks the line, and the hours between the history
    // and the first poll of today are a gap, not a diagonal; at a step of 1 minute, a silence of more than two
    // minutes (four polls of 30 s).
    const GAP_FACTOR = 2;

    // breaks[i]: no line between points i and i + 1.
    function lineBreaks(times, stepMs) {
        const spacing = times.slice(1).map((t, i) => t - times[i]);
        return spacing.map((d, i) => {
            const around = [spacing[i - 1], spacing[i + 1]].filter(s => s !== undefined);
            const local = around.length === 0 ? stepMs : Math.max(stepMs, Math.min(...around));
            return d > GAP_FACTOR * local;
        });
    }

    // One series' data with a null between the points of each break (ECharts leaves nulls unconnected), and a dot
    // for a point with no line on either side, which would otherwise not be drawn at all.
    function lineData(points, value, breaks, dots) {
        const data = [];
        points.forEach((p, i) => {
            const isolated = (i === 0 || breaks[i - 1]) && (i === points.length - 1 || breaks[i]);
            data.push(dots && isolated ? {value: [p.t, value(p)], symbol: 'circle', symbolSize: 5} : [p.t, value(p)]);
            if (breaks[i]) {
                data.push([new Date((Date.parse(p.t) + Date.parse(points[i + 1].t)) / 2).toISOString(), null]);
            }
        });
        return data;
    }

    // Ranges up to this long are drawn as candles (at most a day of 5-minute buckets, a few hundred), with the
    // average as a thin line over them that breaks at gaps as the long ranges' line does; longer ranges as the
    // average line with lowest and highest, where candles would be too thin to read.
    const CANDLE_RANGE_MS = RANGES['24h'];
    const RISING = '#1a7f37';
    const FALLING = '#cf222e';
    // The shade behind buckets that hold repaired points (read from CoinGecko's history after a hole, not polled).
    const REPAIRED = '#d4a72c';

    // Runs of repaired buckets, each [start of the first, end of the last bucket): repaired buckets with no other
    // bucket between them are one stretch, so a hole repaired at 5-minute (or hourly) resolution and seen at a finer
    // step is shaded as one, not once per repaired point.
    function repairedStretches(points, stepMs) {
        const stretches = [];
        points.forEach((p, i) => {
            if (p.repaired > 0) {
                const start = Date.parse(p.t);
                if (i > 0 && points[i - 1].repaired > 0) {
                    stretches[stretches.length - 1].to = start + stepMs;
                } else {
                    stretches.push({from: start, to: start + stepMs});
                }
            }
        });
        return stretches;
    }

    function candleTooltip(params) {
        const p = params.find(item => item.seriesType === 'candlestick');
        if (!p) {
            return '';
        }
        const point = p.data.point;
        return `${point.t}<br>open ${price.format(point.open)} · high ${price.format(point.high)}<br>`
            + `low ${price.format(point.low)} · close ${price.format(point.close)}<br>`
            + `average ${price.format(point.avg)} · ${point.count} points, ${point.repaired} repaired`;
    }

    function renderPrices(series) {
        const points = series.points;
        const stepMs = STEP_MS[series.step];
        const breaks = lineBreaks(points.map(p => Date.parse(p.t)), stepMs);
        const gaps = breaks.filter(b => b).length;
        const rangeMs = Date.parse(series.to) - Date.parse(series.from);
        const candles = rangeMs <= CANDLE_RANGE_MS;
        const stretches = repairedStretches(points, stepMs);
        const chart = document.getElementById('price-chart');
        chart.dataset.points = String(points.length);
        chart.dataset.gaps = String(gaps);
        chart.dataset.step = series.step;
        chart.dataset.coinId = series.coin_id;
        chart.dataset.shape = candles ? 'candles' : 'line';
        chart.dataset.repairedStretches = String(stretches.length);
        document.getElementById('price-note').textContent =
            `${points.length} buckets of ${series.step}: `
            + (candles ? 'open, high, low and close' : 'average, with lowest and highest')
            + (gaps === 0 ? '' : `; ${gaps} ${gaps === 1 ? 'gap' : 'gaps'} without data`)
            + (stretches.length === 0 ? '' : `; ${stretches.length} repaired ${stretches.length === 1 ? 'stretch' : 'stretches'} (shaded)`);
        const repairedArea = {silent: true, itemStyle: {color: REPAIRED, opacity: 0.25},
            data: stretches.map(s => [{xAxis: s.from}, {xAxis: s.to}])};
        const line = {type: 'line', showSymbol: true, symbol: 'none', connectNulls: false};
        // A candle 70 % as wide as the closest two buckets lie apart: neighbours never overlap, and sparse buckets
        // (half-hourly history at a 5-minute step) still get candles wide enough to read.
        const plotWidth = Math.max(100, chart.clientWidth - 90);
        const times = points.map(p => Date.parse(p.t));
        const spacing = Math.min(...times.slice(1).map((t, i) => t - times[i]), rangeMs);
        const candleSeries = [{name: 'OHLC', type: 'candlestick', large: false, encode: {x: 0, y: [1, 2, 3, 4]},
            barMaxWidth: Math.max(1, 0.7 * plotWidth * Math.max(stepMs, spacing) / rangeMs),
            // ECharts' candle order is open, close, low, high; rising green, falling red.
            data: points.map(p => ({value: [p.t, p.open, p.close, p.low, p.high], point: p})),
            itemStyle: {color: RISING, color0: FALLING, borderColor: RISING, borderColor0: FALLING},
            markArea: repairedArea},
            {...line, name: 'average', lineStyle: {width: 1, opacity: 0.6}, itemStyle: {color: '#57606a'},
                data: lineData(points, p => p.avg, breaks, false)}];
        const lineSeries = [
            {...line, name: 'average', data: lineData(points, p => p.avg, breaks, true), markArea: repairedArea},
            {...line, name: 'lowest', lineStyle: {width: 1, type: 'dashed'},
                data: lineData(points, p => p.low, breaks, false)},
            {...line, name: 'highest', lineStyle: {width: 1, type: 'dashed'},
                data: lineData(points, p => p.high, breaks, false)},
        ];
        priceChart.setOption({
            animation: false,
            tooltip: candles ? {trigger: 'axis', formatter: candleTooltip} : {trigger: 'axis'},
            legend: {data: candles ? ['OHLC', 'average'] : ['average', 'lowest', 'highest']},
            grid: {left: 70, right: 20, top: 30, bottom: 30},
            xAxis: {type: 'time', min: series.from, max: series.to},
            yAxis: {type: 'value', scale: true},
            series: candles ? candleSeries : lineSeries,
        }, true);
    }

    // The daily job's quality report may be absent (days summarised before it existed) or carry fields this page
    // does not know; only coverage and the longest gap are shown, each when present.
    function coveragePercent(day) {
        const coverage = day.quality && day.quality.coverage;
        if (typeof coverage !== 'number') {
            return null;
        }
        return +(coverage <= 1 ? coverage * 100 : coverage).toFixed(1);
    }

    function coverageText(day) {
        const percent = coveragePercent(day);
        return percent == null ? 'no report' : percent.toFixed(1) + ' %';
    }

    // Share of the day covered by repaired points only; a report of a job before repairs existed has none.
    function repairedPercent(day) {
        const repaired = day.quality && day.quality.repaired_coverage;
        return typeof repaired === 'number' ? +(repaired * 100).toFixed(1) : null;
    }

    function repairedText(day) {
        const percent = repairedPercent(day);
        return percent == null ? '–' : percent.toFixed(1) + ' %';
    }

    function gapText(day) {
        const gap = day.quality && day.quality.longest_gap_seconds;
        return typeof gap === 'number' ? Math.round(gap / 60) + ' min' : '–';
    }

    function renderDaily(days) {
        const chart = document.getElementById('daily-chart');
        chart.dataset.days = String(days.length);
        dailyChart.setOption({
            animation: false,
            tooltip: {trigger: 'axis'},
            legend: {data: ['OHLC', 'coverage', 'repaired']},
            grid: {left: 70, right: 50, top: 30, bottom: 30},
            xAxis: {type: 'category', data: days.map(d => d.date)},
            yAxis: [{type: 'value', scale: true}, {type: 'value', min: 0, max: 100, name: 'coverage %'}],
            series: [
                // ECharts' candle order is open, close, low, high.
                {name: 'OHLC', type: 'candlestick', data: days.map(d => [d.open, d.close, d.low, d.high]),
                    // Rising green, falling red (ECharts' default is the other way round).
                    itemStyle: {color: '#1a7f37', color0: '#cf222e', borderColor: '#1a7f37', borderColor0: '#cf222e'}},
                {name: 'coverage', type: 'line', yAxisIndex: 1, connectNulls: false, symbolSize: 8,
                    label: {show: true, formatter: '{c} %'},
                    data: days.map(coveragePercent)},
                {name: 'repaired', type: 'line', yAxisIndex: 1, connectNulls: false, symbolSize: 6,
                    itemStyle: {color: REPAIRED}, data: days.map(repairedPercent)},
            ],
        }, true);
        const body = document.querySelector('#daily tbody');
        body.replaceChildren();
        for (const day of days.slice().reverse()) {
            const row = body.insertRow();
            row.dataset.date = day.date;
            // Observed coverage stays the seventh column, where readers of the table before repairs found it.
            [day.date, price.format(day.open), price.format(day.high), price.format(day.low), price.format(day.close),
                day.data_points, coverageText(day), repairedText(day), day.twap == null ? '–' : price.format(day.twap),
                gapText(day)].forEach(text => cell(row, String(text)));
        }
    }

    function prices(coin, range, to) {
        const from = new Date(to.getTime() - RANGES[range]);
        return getJson(`api/coins/${coin}/prices?from=${from.toISOString()}&to=${to.toISOString()}`)
            .then(series => ({range, series}));
    }

    function oldestPoint(series) {
        return series.points.length === 0 ? Infinity : new Date(series.points[0].t).getTime();
    }

    // The range the user picked; until they pick one, 24 h, or 7 d while the last 24 h hold less than half a day of
    // the coin's history and the week holds older: a stack started minutes ago, whose history is the days before
    // today (bin/run-local's first-run backfill), would otherwise open on a few minutes of live points.
    async function chartSeries(coin, to) {
        const chosen = await prices(coin, state.rangeChosen ? state.range : '24h', to);
        if (state.rangeChosen || oldestPoint(chosen.series) <= to.getTime() - RANGES['24h'] / 2) {
            return chosen;
        }
        const week = await prices(coin, '7d', to);
        return oldestPoint(week.series) < to.getTime() - RANGES['24h'] ? week : chosen;
    }

    function showRange(range) {
        state.range = range;
        document.querySelectorAll('#ranges button').forEach(b => b.classList.toggle('active', b.dataset.range === range));
    }

    async function refreshCoin() {
        if (!state.coin) {
            return;
        }
        const coin = encodeURIComponent(state.coin);
        const [chart, days] = await Promise.all([
            chartSeries(coin, new Date()),
            getJson(`api/coins/${coin}/daily`),
        ]);
        // A range picked while this was on its way wins: its own refresh follows.
        if (chart.series.coin_id === state.coin && (!state.rangeChosen || chart.range === state.range)) {
            showRange(chart.range);
            document.getElementById('price-chart').dataset.range = chart.range;
            renderPrices(chart.series);
            renderDaily(days);
        }
    }

    function coinsUrl() {
        const params = new URLSearchParams({limit: String(PAGE_SIZE)});
        const cursor = state.cursors[state.page];
        if (cursor) {
            params.set('cursor', cursor);
        }
        if (state.search) {
            params.set('search', state.search);
        }
        return 'api/coins?' + params;
    }

    // Loads and draws the current page. A user's page change or search supersedes a load still on its way (its
    // answer is dropped when it comes); a periodic refresh never does, and is skipped while a load is on its way, so
    // a slow API gets one request at a time from this page instead of a growing pile.
    async function loadCoins(cause) {
        if (cause === 'refresh' && coinsLoading) {
            return;
        }
        const request = ++coinRequest;
        coinsLoading = true;
        const started = performance.now();
        let page;
        try {
            page = await getJson(coinsUrl());
        } finally {
            if (request === coinRequest) {
                coinsLoading = false;
            }
        }
        if (request !== coinRequest) {
            return;
        }
        const fetched = performance.now();
        state.next = page.next_cursor;
        renderCoins(page.coins);
        renderPager(page.coins.length);
        const rendered = performance.now();
        // Until the browser has laid out and painted the new rows.
        await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
        timings.push({cause, fetchMs: fetched - started, renderMs: rendered - fetched,
            totalMs: performance.now() - started, at: performance.now(), rows: page.coins.length});
        document.body.dataset.coinLoads = String(timings.length);
    }

    function renderPager(rows) {
        document.getElementById('prev-page').disabled = state.page === 0;
        document.getElementById('next-page').disabled = !state.next;
        const first = state.page * PAGE_SIZE + 1;
        document.getElementById('page-label').textContent = rows === 0
            ? (state.search ? 'No coin matches' : 'No coins yet')
            : `Page ${state.page + 1} · coins ${first}–${first + rows - 1}`;
    }

    function goToPage(page, cause) {
        state.page = page;
        loadCoins(cause).catch(e => { status.textContent = 'Update failed: ' + e.message; });
    }

    let refreshing = false;

    async function refresh() {
        if (refreshing) {
            return; // the previous refresh is still waiting for the API: skip this turn rather than pile up
        }
        refreshing = true;
        try {
            await loadCoins('refresh');
            await refreshCoin();
            status.textContent = 'Updated ' + new Date().toISOString().substring(11, 19) + 'Z';
            document.body.dataset.refreshedAt = String(Date.now());
        } catch (e) {
            status.textContent = 'Update failed: ' + e.message;
        } finally {
            refreshing = false;
        }
    }

    function select(coinId, name) {
        state.coin = coinId;
        document.body.dataset.selectedCoin = coinId;
        document.getElementById('coin-title').textContent = name;
        document.querySelectorAll('#coins tbody tr')
            .forEach(row => row.classList.toggle('selected', row.dataset.coinId === coinId));
        refreshCoin().catch(e => { status.textContent = 'Update failed: ' + e.message; });
    }

    document.querySelectorAll('#ranges button').forEach(button => button.addEventListener('click', () => {
        state.rangeChosen = true;
        showRange(button.dataset.range);
        refreshCoin().catch(e => { status.textContent = 'Update failed: ' + e.message; });
    }));
    document.getElementById('next-page').addEventListener('click', () => {
        if (state.next) {
            state.cursors[state.page + 1] = state.next;
            // Until the new page's answer brings its own cursor: a second click must not reuse this one.
            state.next = null;
            document.getElementById('next-page').disabled = true;
            goToPage(state.page + 1, 'next');
        }
    });
    document.getElementById('prev-page').addEventListener('click', () => {
        if (state.page > 0) {
            goToPage(state.page - 1, 'previous');
        }
    });
    let searchTimer = null;
    document.getElementById('coin-search').addEventListener('input', event => {
        clearTimeout(searchTimer);
        // Waits until typing pauses: one request per search, not one per key.
        searchTimer = setTimeout(() => {
            const text = event.target.value.trim();
            if (text !== state.search) {
                state.search = text;
                state.cursors = [null];
                goToPage(0, 'search');
            }
        }, SEARCH_DELAY_MS);
    });
    window.addEventListener('resize', () => { priceChart.resize(); dailyChart.resize(); });

    getJson('api/dashboard/settings')
        .then(settings => { state.refreshSeconds = settings.refresh_seconds; })
        .catch(() => { /* keep the default interval */ })
        .finally(() => {
            refresh();
            setInterval(refresh, state.refreshSeconds * 1000);
        });
})();
