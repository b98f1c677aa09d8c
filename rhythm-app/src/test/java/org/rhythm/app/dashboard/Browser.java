package org.rhythm.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
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

/**
 * Debian's Chromium, headless, driven through its own chromedriver: both paths are given, so
 * Selenium Manager downloads nothing. Lookups wait (up to a deadline) because the page renders
 * asynchronously and replaces what it shows as the server's answers come in.
 */
final class Browser implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 900;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final WebDriver driver;

  Browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=" + WIDTH + "," + HEIGHT);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    driver.get(url);
  }

  /** Waits until the condition gives a value that is neither null nor false, and returns it. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .ignoring(StaleElementReferenceException.class)
        .withMessage(what)
        .until(condition);
  }

  /** The element once it is shown. */
  WebElement shown(String css) {
    return await(css + " is shown", d -> visible(d.findElements(By.cssSelector(css))));
  }

  /** Clicks the element once it is shown and enabled. */
  void click(String css) {
    await(
        css + " can be clicked",
        d -> {
          WebElement element = visible(d.findElements(By.cssSelector(css)));
          if (element == null || !element.isEnabled()) {
            return false;
          }
          element.click();
          return true;
        });
  }

  /** Waits until the element's text is this. */
  void awaitText(String css, String text) {
    await(
        css + " reads '" + text + "'",
        d -> {
          WebElement element = visible(d.findElements(By.cssSelector(css)));
          return element != null && element.getText().equals(text);
        });
  }

  /** The texts of the shown elements. */
  List<String> texts(String css) {
    return await(
        "the texts of " + css,
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .toList());
  }

  String attribute(String css, String name) {
    return await(
        css + " has " + name,
        d -> {
          WebElement element = visible(d.findElements(By.cssSelector(css)));
          return element == null ? null : element.getDomAttribute(name);
        });
  }

  /** Types into a field, replacing what it held. */
  void type(String css, String text) {
    WebElement field = shown(css);
    field.clear();
    field.sendKeys(text);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /** A PNG of the whole page, at {@code target/screenshots/NAME.png}. */
  void screenshot(String name) {
    screenshot(name, WIDTH);
  }

  /** A PNG of the whole page in a window this wide, as on a phone. */
  void screenshot(String name, int width) {
    driver.manage().window().setSize(new Dimension(width, HEIGHT));
    Object height =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return document.documentElement.scrollHeight"
                    + " + window.outerHeight - window.innerHeight;");
    driver.manage().window().setSize(new Dimension(width, ((Number) height).intValue()));
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the screenshot " + name + " failed", e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static WebElement visible(List<WebElement> elements) {
    return elements.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
  }
}
