package io.streamcluster.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A key of a Secret in the StreamCluster's namespace that holds the secret(s) tokens are signed
 * with: one per line, the first signing and every line verifying, so that a rotation edits the
 * Secret to "new\nold" and later to "new".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenSecretRefSpec {

  /** The key read when the reference names none. */
  public static final String DEFAULT_KEY = "secret";

  @Required
  @JsonPropertyDescription("The Secret's name, in the StreamCluster's namespace.")
  private String name;

  @Default(DEFAULT_KEY)
  @JsonPropertyDescription(
      "The key whose value holds the secret(s), one per line (at least 16 bytes each); the first"
          + " line signs, every line verifies. Default: "
          + DEFAULT_KEY
          + ".")
  private String key;

  public TokenSecretRefSpec() {}

  public TokenSecretRefSpec(String name) {
    this.name = name;
  }

  public TokenSecretRefSpec(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSecretRefSpec that
        && Objects.equals(name, that.name)
        && Objects.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }
}
