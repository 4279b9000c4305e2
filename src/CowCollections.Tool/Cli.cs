using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using CowCollections.Segments;

namespace CowCollections.Tool;

/// <summary>
/// The <c>cow</c> command line: its commands, and the one place that turns a failure into a one-line message and
/// an exit code (0 ok, 1 usage, 2 damaged file, 3 I/O). With <c>--verbose</c> the message is followed by the
/// exception and its stack trace.
/// </summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Damaged = 2;
    public const int InputOutput = 3;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var verbose = new Option<bool>("--verbose") { Description = "On failure, also print the exception and its stack trace.", Recursive = true };
        var root = new RootCommand(
            "cow: inspect, verify, dump and compact CowCollections segment files, or run a guided demo of the library.\n" +
            "Exit codes: 0 ok, 1 usage error, 2 damaged or foreign file, 3 I/O error (missing file, no access, file busy).");
        root.Options.Add(verbose);

        var file = new Argument<string>("file") { Description = "The segment file." };
        var name = new Argument<string>("root") { Description = "The name of a root in the commit." };
        var commit = new Option<long?>("--commit") { Description = "A retained commit number (see 'cow inspect'); default: the newest.", CustomParser = ParseCommit };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of lines." };
        var keep = new Option<string?>("--keep") { Description = "Keep the demo's segment file in this folder (for 'cow verify' and 'cow dump')." };

        Add(root, new Command("demo", "A guided run of what the library does, showing the code behind each step.") { keep },
            r => Demo.Run(output, r.GetValue(keep)));
        Add(root, new Command("inspect", "Lists the retained commits with their roots (kind, size, codecs) and the file's size.") { file },
            r => SegmentCommands.Inspect(r.GetValue(file)!, output));
        Add(root, new Command("verify", "Checks the header slots and every record of every retained commit; prints each commit as it is checked.") { file },
            r => SegmentCommands.Verify(r.GetValue(file)!, output));
        Add(root, new Command("dump", "Prints the values of a list or array root (one per line) or the entries of a dictionary root (key, tab, value).") { file, name, commit, json },
            r => SegmentCommands.Dump(r.GetValue(file)!, r.GetValue(name)!, r.GetValue(commit), r.GetValue(json), output));
        Add(root, new Command("compact", "Rewrites the newest commit into a fresh file (history is dropped), with progress.") { file },
            r => SegmentCommands.Compact(r.GetValue(file)!, output));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors)
            {
                error.WriteLine($"cow: {e.Message}");
            }

            error.WriteLine("Run 'cow --help' for usage.");
            return Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        }
        catch (Exception e)
        {
            var (code, message) = Describe(e);
            error.WriteLine($"cow: {message}");
            if (parsed.GetValue(verbose))
            {
                error.WriteLine(e.ToString());
            }

            return code;
        }
    }

    private static void Add(RootCommand root, Command command, Func<ParseResult, int> action)
    {
        command.SetAction(action);
        root.Subcommands.Add(command);
    }

    /// <summary>The exit code and the one-line message of a failure.</summary>
    public static (int Code, string Message) Describe(Exception e) => e switch
    {
        SegmentWriterLockedException l => (InputOutput, Place(l)),
        SegmentException s => (Damaged, Place(s)),
        UsageException u => (Usage, u.Message),
        SegmentRootKindException k => (Usage, k.Message),
        NotSupportedException n => (Usage, n.Message),
        FileNotFoundException f => (InputOutput, $"{f.FileName ?? "file"}: no such file"),
        DirectoryNotFoundException d => (InputOutput, $"{d.Message}"),
        UnauthorizedAccessException a => (InputOutput, a.Message),
        IOException io => (InputOutput, io.Message),
        _ => (Damaged, $"{e.GetType().Name}: {e.Message}"),
    };

    private static string Place(SegmentException e) =>
        e.Offset >= 0 ? $"{e.FilePath}: offset {e.Offset}: {e.Reason}" : $"{e.FilePath}: {e.Reason}";

    private static long? ParseCommit(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            return n;
        }

        result.AddError($"--commit takes a commit number (0 or more, see 'cow inspect'), not '{text}'");
        return null;
    }
}

/// <summary>A request the tool cannot carry out as asked (a missing root or commit, a directory given as a file): exit code 1.</summary>
internal sealed class UsageException(string message) : Exception(message);
