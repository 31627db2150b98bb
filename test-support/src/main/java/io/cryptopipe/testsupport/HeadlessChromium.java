package io.cryptopipe.testsupport;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code chromium} and {@code chromium-driver} (installed by {@code bin/install-test-deps}), headless, with
 * a fresh profile of its own, for the dashboard's browser tests. Missing binaries fail the test: a dashboard nobody
 * opened is not tested.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary",
            System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium")));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromium.driver",
            System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")));

    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser window of 1400 × 1000 pixels. */
    public static HeadlessChromium start() {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at %s (run bin/install-test-deps)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("chromedriver at %s (run bin/install-test-deps)", CHROMEDRIVER)
                .isTrue();
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        return new HeadlessChromium(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The most line-to commands in one SVG path under {@code selector}: a drawn series of n points has n - 1. */
    public long longestPathSegments(String selector) {
        Object count = js("return Math.max(0, ...Array.from(document.querySelectorAll(arguments[0] + ' svg path'))"
                + ".map(p => ((p.getAttribute('d') || '').match(/L/g) || []).length));", selector);
        return ((Number) count).longValue();
    }

    /** Saves what the window shows to {@code target}, and a copy to {@code docsCopy} when that is not null. */
    public void saveScreenshot(Path target, Path docsCopy) {
        try {
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(target)).as("screenshot %s", target).isGreaterThan(10_000);
            if (docsCopy != null) {
                Files.createDirectories(docsCopy.toAbsolutePath().getParent());
                Files.copy(target, docsCopy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            // Stops the page's refresh timer before whatever serves it shuts down under it.
            driver.get("about:blank");
        } finally {
            driver.quit();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
