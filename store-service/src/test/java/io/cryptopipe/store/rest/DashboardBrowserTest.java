package io.cryptopipe.store.rest;

import com.mongodb.client.MongoClient;
import io.cryptopipe.store.RecordedDay;
import io.cryptopipe.store.StoreStackTestResource;
import io.cryptopipe.store.model.RawObservation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code bin/install-test-deps}) against the running service and the recorded day in MongoDB. Without Chromium this
 * test fails: a dashboard nobody opened is not tested.
 */
@QuarkusTest
@WithTestResource(StoreStackTestResource.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary",
            System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium")));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver",
            System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")));
    private static final Duration UP_TO = Duration.ofSeconds(30);
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "dashboard.png");

    @TestHTTPResource("/")
    URL page;

    @Inject
    MongoClient mongoClient;

    RecordedDay day;
    WebDriver browser;
    Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at %s (run bin/install-test-deps)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("chromedriver at %s (run bin/install-test-deps)", CHROMEDRIVER)
                .isTrue();
        day = RecordedDay.load(mongoClient);
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            // Stops the page's refresh timer before the service shuts down under it.
            browser.get("about:blank");
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void showsTheCoinsChartsTheSelectedCoinSwitchesCoinAndRangeAndRefreshesItself() throws IOException {
        browser.get(page.toString());
        // The page redraws its tables on every refresh (2 s here): read them in one script, retry a stale click.
        WebDriverWait wait = new WebDriverWait(browser, UP_TO);
        wait.ignoring(StaleElementReferenceException.class);

        wait.until(b -> listedCoins().size() >= day.coinIds().size());
        List<String> listed = listedCoins();
        assertThat(listed).containsAll(day.coinIds());
        String bitcoin = rowText("bitcoin");
        assertThat(bitcoin).contains("Bitcoin").contains("BTC").contains("%");

        // The top-ranked coin is selected at load, over the last 24 hours: half-hourly polls in 5-minute buckets.
        String firstCoin = listed.get(0);
        wait.until(b -> firstCoin.equals(attribute("#price-chart", "data-coin-id")));
        int dayPoints = Integer.parseInt(attribute("#price-chart", "data-points"));
        assertThat(dayPoints).isGreaterThan(20);
        assertThat(attribute("#price-chart", "data-step")).isEqualTo("5m");
        assertThat(longestPathSegments("#price-chart")).as("line segments of the drawn price line")
                .isGreaterThanOrEqualTo(dayPoints - 1);

        wait.until(b -> {
            row("ethereum").click();
            return true;
        });
        wait.until(b -> "ethereum".equals(attribute("#price-chart", "data-coin-id")));
        assertThat(browser.findElement(By.id("coin-title")).getText()).isEqualTo("Ethereum");
        wait.until(b -> "2".equals(attribute("#daily-chart", "data-days")));
        List<String> dailyRows = texts("#daily tbody tr");
        assertThat(dailyRows.get(0)).as("newest day, with the job's quality report").contains("95.8 %", "60 min");
        assertThat(dailyRows.get(1)).as("a day summarised without one").contains("no report");
        assertThat(longestPathSegments("#daily-chart")).as("the drawn candles").isPositive();

        browser.findElement(By.cssSelector("#ranges button[data-range='6h']")).click();
        wait.until(b -> "1m".equals(attribute("#price-chart", "data-step")));
        int sixHourPoints = Integer.parseInt(attribute("#price-chart", "data-points"));
        assertThat(sixHourPoints).isBetween(5, 13);
        assertThat(longestPathSegments("#price-chart")).isGreaterThanOrEqualTo(sixHourPoints - 1);

        // A coin stored after the page loaded appears without a reload, within the refresh interval.
        insertObservationOfANewCoin();
        wait.until(b -> listedCoins().contains("dashboard-refresh-probe"));

        browser.findElement(By.cssSelector("#ranges button[data-range='24h']")).click();
        wait.until(b -> "5m".equals(attribute("#price-chart", "data-step")));
        saveScreenshot();
    }

    private List<String> listedCoins() {
        return strings(js("return Array.from(document.querySelectorAll('#coins tbody tr'))"
                + ".map(r => r.dataset.coinId);"));
    }

    private String rowText(String coinId) {
        return (String) js("return document.querySelector(\"#coins tr[data-coin-id='\" + arguments[0] + \"']\")"
                + ".innerText;", coinId);
    }

    private List<String> texts(String selector) {
        return strings(js("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);",
                selector));
    }

    private WebElement row(String coinId) {
        return browser.findElement(By.cssSelector("#coins tr[data-coin-id='" + coinId + "']"));
    }

    private String attribute(String selector, String name) {
        return (String) js("const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
                selector, name);
    }

    /** The most line-to commands in one SVG path of the chart: a drawn series of n points has n - 1. */
    private long longestPathSegments(String chart) {
        Object count = js("return Math.max(0, ...Array.from(document.querySelectorAll(arguments[0] + ' svg path'))"
                + ".map(p => ((p.getAttribute('d') || '').match(/L/g) || []).length));", chart);
        return ((Number) count).longValue();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private void insertObservationOfANewCoin() {
        String database = ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class);
        Date now = Date.from(Instant.now());
        mongoClient.getDatabase(database).getCollection(RawObservation.COLLECTION).insertOne(
                new Document("coin_id", "dashboard-refresh-probe").append("timestamp", now).append("fetched_at", now)
                        .append("source", "poll").append("schema_version", 1).append("symbol", "probe")
                        .append("name", "Refresh Probe").append("current_price", 1.0).append("market_cap_rank", null));
    }

    /** Under target/ always; into docs/ for the README only when asked ({@code -Ddashboard.screenshot.docs}). */
    private void saveScreenshot() throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
        if (Boolean.getBoolean("dashboard.screenshot.docs")) {
            Path docs = Path.of("..", "docs", "dashboard.png");
            Files.createDirectories(docs.getParent());
            Files.copy(SCREENSHOT, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
