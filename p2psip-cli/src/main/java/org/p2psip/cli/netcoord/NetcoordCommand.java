package org.p2psip.cli.netcoord;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.p2psip.netcoord.Evaluation;
import org.p2psip.netcoord.RttMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2psip netcoord evaluate --matrix FILE ...}: network-coordinate accuracy (the netcoord
 * library's evaluation, README "evaluation").
 */
@Command(
    name = "netcoord",
    mixinStandardHelpOptions = true,
    description = "Network-coordinate tools (the netcoord library).",
    subcommands = {NetcoordCommand.Evaluate.class})
public final class NetcoordCommand {

  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description =
          "Embed random landmarks of an RTT matrix and measure how well coordinates"
              + " pick the closest focus, next to plain GNP on the same landmarks.")
  static final class Evaluate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--matrix", required = true)
    Path matrix;

    @Option(names = "--landmarks", defaultValue = "15")
    int landmarks;

    @Option(names = "--dimensions", defaultValue = "7")
    int dimensions;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(
        names = "--joins",
        defaultValue = "5000",
        description = "joins per K (default ${DEFAULT-VALUE})")
    int joins;

    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() throws Exception {
      RttMatrix rtt = RttMatrix.read(matrix);
      Evaluation.Result ours =
          Evaluation.run(rtt, landmarks, dimensions, seed, joins, Evaluation.OURS);
      Evaluation.Result baseline =
          Evaluation.run(rtt, landmarks, dimensions, seed, joins, Evaluation.PLAIN_GNP);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            "{"
                + fields(ours)
                + ",\"landmarks\":"
                + landmarks
                + ",\"dimensions\":"
                + dimensions
                + ",\"seed\":"
                + seed
                + ",\"joinsPerK\":"
                + joins
                + ",\"baseline\":{"
                + fields(baseline)
                + "}}");
      } else {
        out.println(ours);
        out.println(baseline);
      }
      return 0;
    }

    private static String fields(Evaluation.Result r) {
      return String.format(
          Locale.ROOT,
          "\"method\":\"%s\",\"medianRelativeError\":%.4f,\"p90RelativeError\":%.4f,"
              + "\"closestK5\":%.4f,\"closestK10\":%.4f,\"closestK20\":%.4f,"
              + "\"closestK5Probe3\":%.4f,\"closestK10Probe3\":%.4f,\"closestK20Probe3\":%.4f,"
              + "\"meanExtraRttMsK10\":%.3f",
          r.method(),
          r.medianRelativeError(),
          r.p90RelativeError(),
          r.closestK5(),
          r.closestK10(),
          r.closestK20(),
          r.closestK5Probe3(),
          r.closestK10Probe3(),
          r.closestK20Probe3(),
          r.meanExtraRttMsK10());
    }
  }
}
