package org.p2psip.client.registry;

/**
 * The registry refused a request: HTTP status, RELOAD error code and name, the detail, and the
 * current generation where the registry gave one (Generation_Counter_Too_Low, Data_Too_Old).
 */
public final class RegistryRefusal extends RuntimeException {

  private final int status;
  private final int reloadError;
  private final long generation;

  public RegistryRefusal(int status, int reloadError, String name, String detail, long generation) {
    super(name + " (HTTP " + status + "): " + detail);
    this.status = status;
    this.reloadError = reloadError;
    this.generation = generation;
  }

  public int status() {
    return status;
  }

  public int reloadError() {
    return reloadError;
  }

  public long generation() {
    return generation;
  }
}
