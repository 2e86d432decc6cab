package io.marketpipe.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What one in-process run of the launcher returned and printed.
 */
record CommandResult(int code, String out, String err)
{
    static CommandResult run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MarketPipeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandResult(code, out.toString(), err.toString());
    }
}
