using System.CommandLine;
using System.Globalization;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tool;

/// <summary>
/// <c>cow inspect</c>, <c>cow verify</c> and <c>cow dump</c> over segment files.
/// </summary>
internal static class SegmentCommands
{
    public static void Add(RootCommand root)
    {
        var file = new Argument<string>("file") { Description = "The segment file." };

        var inspect = new Command("inspect", "Lists the retained commits, their roots and the records of the file.") { file };
        inspect.SetAction(r => Run(() => Inspect(r.GetValue(file)!)));
        root.Subcommands.Add(inspect);

        var verify = new Command("verify", "Checks every record reachable from every retained commit (checksums and structure).") { file };
        verify.SetAction(r => Run(() => Verify(r.GetValue(file)!)));
        root.Subcommands.Add(verify);

        var name = new Argument<string>("root") { Description = "The root name." };
        var commit = new Option<long?>("--commit") { Description = "A retained commit number (default: the newest)." };
        var dump = new Command("dump", "Prints the values of a list root, one per line.") { file, name, commit };
        dump.SetAction(r => Run(() => Dump(r.GetValue(file)!, r.GetValue(name)!, r.GetValue(commit))));
        root.Subcommands.Add(dump);
    }

    private static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (SegmentException e)
        {
            Console.Error.WriteLine($"{e.GetType().Name}: {e.Message}");
            return 2;
        }
    }

    private static int Inspect(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        Console.WriteLine($"{file.FilePath}: {new FileInfo(file.FilePath).Length:N0} bytes, committed {file.Current.Commit.CommittedLength:N0}");
        foreach (var c in file.GetCommits())
        {
            Console.WriteLine($"  {c}: [{string.Join(", ", c.RootNames)}]");
        }

        var byTag = SegmentChecker.Scan(file.Current).GroupBy(r => r.Tag);
        foreach (var g in byTag)
        {
            Console.WriteLine($"  {g.Key}: {g.Count():N0} records, {g.Sum(r => r.End - r.Offset):N0} bytes");
        }

        return 0;
    }

    private static int Verify(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        foreach (var line in SegmentChecker.Verify(file))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine("ok");
        return 0;
    }

    private static int Dump(string path, string root, long? commit)
    {
        using var file = SegmentFile.OpenRead(path);
        var snapshot = commit is { } n ? file.OpenCommit(n) : file.Current;
        var output = Console.Out;
        if (!snapshot.Contains(root))
        {
            throw new KeyNotFoundException($"Commit {snapshot.Commit.Number} of '{file.FilePath}' has no root named '{root}'.");
        }

        if (SegmentChecker.IsDictionary(snapshot, root))
        {
            // One "key<TAB>value" line per entry, in the trie's order.
            var entries = SegmentChecker.ReadOpaqueDictionary(snapshot, root, out string keyId, out string valueId);
            foreach (var (key, value) in entries)
            {
                output.WriteLine($"{Format(key, keyId)}\t{Format(value, valueId)}");
            }

            return 0;
        }

        var values = SegmentChecker.ReadOpaque(snapshot, root, out string codecId);
        foreach (var bytes in values)
        {
            output.WriteLine(Format(bytes, codecId));
        }

        return 0;
    }

    private static string Format(byte[] bytes, string codecId) => codecId switch
    {
        "i32" => BitConverter.ToInt32(bytes).ToString(CultureInfo.InvariantCulture),
        "i64" => BitConverter.ToInt64(bytes).ToString(CultureInfo.InvariantCulture),
        "f64" => BitConverter.ToDouble(bytes).ToString("R", CultureInfo.InvariantCulture),
        "utf8" => SegmentCodecs.String.Decode(bytes) ?? "<null>",
        _ => Convert.ToHexString(bytes),
    };
}
