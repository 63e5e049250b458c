package io.streamcluster.operator.kubeapi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.CyclicBufferAppender;
import org.slf4j.LoggerFactory;

/**
 * The last lines etcd and kube-apiserver printed while kube-api-test started them. kube-api-test
 * logs their output at DEBUG under {@value #PROCESS_LOGS} (e.g. {@code
 * KubeAPIServerProcess.APIServerProcessLogs}), and nowhere else, so a failed start can say why.
 */
final class ProcessOutput implements AutoCloseable {

  static final String PROCESS_LOGS = "io.fabric8.kubeapitest.process";

  private final Logger logger;
  private final CyclicBufferAppender<ILoggingEvent> tail;

  private ProcessOutput(Logger logger, CyclicBufferAppender<ILoggingEvent> tail) {
    this.logger = logger;
    this.tail = tail;
  }

  /** Keeps the last {@code lines} lines from now until closed. */
  static ProcessOutput capture(int lines) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new ProcessOutput(null, null);
    }
    Logger logger = context.getLogger(PROCESS_LOGS);
    if (!logger.isDebugEnabled()) {
      logger.setLevel(Level.DEBUG);
    }
    CyclicBufferAppender<ILoggingEvent> tail = new CyclicBufferAppender<>();
    tail.setContext(context);
    tail.setName("kube-api-test-output-tail");
    tail.setMaxSize(lines);
    tail.start();
    logger.addAppender(tail);
    return new ProcessOutput(logger, tail);
  }

  /**
   * The captured lines, each after the simple name of its logger, or a note that there are none.
   */
  String describe() {
    if (tail == null) {
      return "\n(no output captured: SLF4J is not bound to Logback)";
    }
    if (tail.getLength() == 0) {
      return "\n(etcd and kube-apiserver printed nothing)";
    }
    StringBuilder text = new StringBuilder("\nlast output:");
    for (int i = 0; i < tail.getLength(); i++) {
      ILoggingEvent event = tail.get(i);
      String source = event.getLoggerName();
      text.append("\n  ")
          .append(source.substring(source.lastIndexOf('.') + 1))
          .append(": ")
          .append(event.getFormattedMessage());
    }
    return text.toString();
  }

  @Override
  public void close() {
    if (tail != null) {
      logger.detachAppender(tail);
      tail.stop();
    }
  }
}
