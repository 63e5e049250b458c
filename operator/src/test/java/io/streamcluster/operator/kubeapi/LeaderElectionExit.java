package io.streamcluster.operator.kubeapi;

/**
 * JOSDK's LeaderElectionManager ends the JVM when the operator stops leading, which a leader does
 * when it is closed: right for the operator's own process, wrong for the test JVM that runs it.
 * While refused, only that exit is: the leader-elector thread ends with the refusal instead, and
 * every other exit and permission is left as it was.
 */
final class LeaderElectionExit {

  private static boolean refused;

  private LeaderElectionExit() {}

  @SuppressWarnings("removal")
  static synchronized void refuse() {
    if (refused) {
      return;
    }
    refused = true;
    System.setSecurityManager(
        new SecurityManager() {
          @Override
          public void checkPermission(java.security.Permission permission) {}

          @Override
          public void checkPermission(java.security.Permission permission, Object context) {}

          @Override
          public void checkExit(int status) {
            boolean fromLeaderElection =
                StackWalker.getInstance()
                    .walk(
                        frames ->
                            frames.anyMatch(
                                f -> f.getClassName().endsWith(".LeaderElectionManager")));
            if (fromLeaderElection) {
              throw new SecurityException("the test's JVM outlives the operator it runs");
            }
          }
        });
  }

  @SuppressWarnings("removal")
  static synchronized void allow() {
    if (refused) {
      refused = false;
      System.setSecurityManager(null);
    }
  }
}
