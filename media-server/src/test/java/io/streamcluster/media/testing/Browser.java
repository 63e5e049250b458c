package io.streamcluster.media.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through
 * chromedriver by Selenium, with a fresh profile that is deleted when closed. Media plays without a
 * user gesture, muted.
 */
public final class Browser implements AutoCloseable {

  private static final String INSTALL =
      "run scripts/install-test-tools.sh (or apt-get install -y chromium chromium-driver)";

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static Browser start() {
    String chromium = ExternalTool.require("chromium", INSTALL);
    String chromedriver = ExternalTool.require("chromedriver", INSTALL);
    try {
      Path profile = Files.createTempDirectory("chromium-profile-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(chromium);
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--autoplay-policy=no-user-gesture-required",
          "--mute-audio",
          "--window-size=1100,1000",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(chromedriver))
              .usingAnyFreePort()
              .withTimeout(Duration.ofSeconds(60))
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void open(String url) {
    driver.get(url);
  }

  public String currentUrl() {
    return driver.getCurrentUrl();
  }

  /** Runs {@code return <expression>} in the page. */
  public Object eval(String expression) {
    return ((JavascriptExecutor) driver).executeScript("return " + expression + ";");
  }

  public void screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
