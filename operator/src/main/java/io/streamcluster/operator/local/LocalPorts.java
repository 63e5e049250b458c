package io.streamcluster.operator.local;

/**
 * Where a local cluster listens: the origin on the given ports, edge {@code n} (from 1) on the
 * origin's ports plus {@code n}.
 */
record LocalPorts(
    String bind, String advertiseHost, int originRtmp, int originHttp, int originInternal) {

  int edgeRtmp(int slot) {
    return originRtmp + slot;
  }

  int edgeHttp(int slot) {
    return originHttp + slot;
  }

  int edgeInternal(int slot) {
    return originInternal + slot;
  }
}
