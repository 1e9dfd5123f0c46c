package io.featurizer.cli;

import io.featurizer.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code featurizer} command. User errors exit 2 with one clear message and no stack trace. */
@Command(name = "featurizer", mixinStandardHelpOptions = true, version = "featurizer 0.1.0",
        description = "Compute market-data features once, run them live, on history and on a cluster.",
        subcommands = {DemoCommand.class, RunCommand.class, LiveCommand.class, SimulateCommand.class, RecordCommand.class, ReplayCommand.class, ComputeCommand.class, IngestCommand.class, CatalogCommand.class, SqlCommand.class, ValidateCommand.class, DefinitionsCommand.class, CommandLine.HelpCommand.class})
public final class FeaturizerCli {
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 user error). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FeaturizerCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError || ex instanceof ConfigException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /** A mistake in what the user asked for: reported as one line, exit code 2. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
