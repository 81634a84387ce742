package org.p2psip.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.p2psip.disco.focus.FocusAgent;
import org.p2psip.disco.sip.SipEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2psip focus serve-local}: one focus on its own, with no registry and no other foci: for
 * trying a SIP client against a focus, and for benchmarks (docs/benchmarks.md).
 */
@Command(
    name = "serve-local",
    mixinStandardHelpOptions = true,
    description =
        "Serve one focus of a conference over SIP with no registry and no other foci (trying SIP"
            + " clients against it, benchmarks) until stopped.")
final class FocusServeLocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--uri", defaultValue = "sip:conf@example.org", description = "conference URI")
  String uri;

  @Option(names = "--name", defaultValue = "focus")
  String name;

  @Option(names = "--sip-host", defaultValue = "127.0.0.1")
  String sipHost;

  @Option(names = "--sip-port", defaultValue = "5060")
  int sipPort;

  @Option(names = "--max-participants", defaultValue = "10")
  int maxParticipants;

  @Override
  public Integer call() throws InterruptedException {
    SipEndpoint sip = SipEndpoint.start(SipEndpoint.Settings.of(name, sipHost, sipPort));
    FocusAgent agent =
        new FocusAgent(
            sip,
            new FocusAgent.Settings(uri, "sip:" + name + "@" + sipHost, maxParticipants, sipHost));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "focus sip:%s@%s of %s serving at sip:%s@%s:%d (no registry)%n",
        name, sipHost, uri, name, sipHost, sip.settings().port());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  sip.close();
                  stopped.countDown();
                }));
    stopped.await();
    return ExitCodes.OK;
  }
}
