package dev.defuse.labeling.web;

import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.rawVotes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.labeling.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The annotator page (paper Fig. 15) in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}): an annotator opens the vendor's link and labels a whole task with a click, a digit key
 * and the {@code n} key; the votes arrive in the database as given.
 */
@QuarkusTest
class AnnotatorPageTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TestHTTPResource("/")
  URL base;

  @Inject
  Fixtures fixtures;

  WebDriver browser;

  @BeforeEach
  void startBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the browser test needs Debian's Chromium: "
          + "apt-get install -y chromium chromium-driver");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1000,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anAnnotatorLabelsAWholeTaskWithClicksAndKeys() throws Exception {
    String jobId = Fixtures.newJobId();
    fixtures.createJob(jobId, 1, 0.5, new int[] {1, 1, 1});
    String key = createVendor("browser-" + jobId);
    String url = given().auth().oauth2(key).contentType(ContentType.JSON).body(Map.of("annotatorId", "web-1"))
        .post("/api/v1/annotator-links").then().statusCode(201).extract().path("url");

    browser.get(base + url.substring(1) + "&job=" + jobId);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("task")));
    wait.until(d -> imageWidth() == 32); // a 4x4 review image at scale 8
    assertThat(browser.findElement(By.id("who")).getText()).contains("web-1");
    List<WebElement> buttons = browser.findElements(By.cssSelector("#buttons button"));
    assertThat(buttons).hasSize(11);
    assertThat(buttons.get(10).getText()).contains("None of the above");
    assertThat(progress()).startsWith("Labeled: 0");
    screenshot("annotator-page.png");

    String firstItem = browser.findElement(By.id("image")).getAttribute("data-item-id");
    browser.findElement(By.cssSelector("#buttons button[data-label='7']")).click();
    wait.until(d -> progress().startsWith("Labeled: 1"));
    wait.until(d -> !firstItem.equals(d.findElement(By.id("image")).getAttribute("data-item-id")));

    new Actions(browser).sendKeys("3").perform();
    wait.until(d -> progress().startsWith("Labeled: 2"));

    new Actions(browser).sendKeys("n").perform();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));
    assertThat(progress()).startsWith("Labeled: 3");
    assertThat(browser.findElement(By.id("status")).getText()).isEmpty();

    List<Map<String, Object>> votes = rawVotes(jobId);
    votes.sort(Comparator.comparing(v -> ((Number) v.get("itemId")).longValue()));
    assertThat(votes).extracting(v -> v.get("label")).containsExactly(7, 3, null);
    assertThat(votes).extracting(v -> v.get("annotatorId")).containsOnly("web-1");
  }

  @Test
  void aPageWithoutALinkExplainsWhatIsMissing() {
    browser.get(base + "annotate/");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> !d.findElement(By.id("status")).getText().isEmpty());
    assertThat(browser.findElement(By.id("status")).getText()).contains("link");
  }

  private long imageWidth() {
    Object w = ((JavascriptExecutor) browser).executeScript("return document.getElementById('image').naturalWidth");
    return ((Number) w).longValue();
  }

  private String progress() {
    return browser.findElement(By.id("progress")).getText();
  }

  private void screenshot(String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
  }
}
