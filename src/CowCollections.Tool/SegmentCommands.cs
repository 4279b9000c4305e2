using System.CommandLine;
using System.Globalization;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tool;

/// <summary>
/// <c>cow inspect</c>, <c>cow verify</c> and <c>cow dump</c> over segment files, plus two helpers the crash
/// tests run in a child process: <c>cow stress-commit</c> (commits forever until killed) and
/// <c>cow hold-writer</c> (holds the writer lock until its standard input closes), and the hidden
/// <c>cow sample-read</c> the larger-than-RAM test runs under a GC heap limit.
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

        var count = new Option<int>("--count") { Description = "Stop after this many commits (default: until killed).", DefaultValueFactory = _ => int.MaxValue };
        var killAt = new Option<string?>("--kill-at") { Description = "Kill this process (SIGKILL) at this step of the last commit: AfterAppend, BeforeHeader, MidHeader or AfterHeader." };
        var stress = new Command("stress-commit", "Crash-test helper: commits StressModel versions in a loop, printing each commit number.") { file, count, killAt };
        stress.SetAction(r => Run(() => Stress(r.GetValue(file)!, r.GetValue(count), r.GetValue(killAt))));
        root.Subcommands.Add(stress);

        var hold = new Command("hold-writer", "Lock-test helper: opens the file for writing, prints 'ready', commits once when standard input closes.") { file };
        hold.SetAction(r => Run(() => Hold(r.GetValue(file)!)));
        root.Subcommands.Add(hold);

        var reads = new Option<int>("--reads") { Description = "How many random reads.", DefaultValueFactory = _ => 200_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random indexes.", DefaultValueFactory = _ => 1 };
        var multiplier = new Option<int>("--multiplier") { Description = "Element i must equal i * multiplier (unchecked int).", DefaultValueFactory = _ => 7 };
        var reopenEvery = new Option<int>("--reopen-every") { Description = "Reopen the file (dropping decoded nodes) every this many reads; 0 = never.", DefaultValueFactory = _ => 1000 };
        var sample = new Command("sample-read", "Test helper: random reads of an int list, checked against i * multiplier, then a memory report.")
        {
            file, name, reads, seed, multiplier, reopenEvery,
        };
        sample.Hidden = true;
        sample.SetAction(r => Run(() => SampleRead.Run(
            r.GetValue(file)!, r.GetValue(name)!, r.GetValue(reads), r.GetValue(seed), r.GetValue(multiplier), r.GetValue(reopenEvery), Console.Out)));
        root.Subcommands.Add(sample);
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

    private static int Stress(string path, int count, string? killAt)
    {
        using var file = SegmentFile.OpenWrite(path);
        long start = file.Current.Commit.Number;
        var list = start == 0 ? PersistentList<int>.Empty : file.Current.GetList<int>(StressModel.Root);
        for (long k = start + 1; k - start <= count; k++)
        {
            if (killAt is not null && k - start == count)
            {
                var point = Enum.Parse<FaultPoint>(killAt);
                file.FaultInjector = p =>
                {
                    if (p == point)
                    {
                        System.Diagnostics.Process.GetCurrentProcess().Kill();
                        Thread.Sleep(Timeout.Infinite);
                    }
                };
            }

            list = StressModel.Next(list, k);
            file.Commit(StressModel.Root, list);
            Console.Out.WriteLine(k);
            Console.Out.Flush();
        }

        return 0;
    }

    private static int Hold(string path)
    {
        using var file = SegmentFile.OpenWrite(path);
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        _ = Console.In.ReadToEnd();
        file.Commit("held", PersistentList.CreateRange(Enumerable.Range(0, 10)));
        Console.Out.WriteLine("committed");
        return 0;
    }
}

/// <summary>The deterministic versions <c>cow stress-commit</c> commits: the tests rebuild commit k's list from k alone.</summary>
internal static class StressModel
{
    public const string Root = "stress";

    public static PersistentList<int> Next(PersistentList<int> list, long k)
    {
        var next = list.AddRange(Enumerable.Range((int)(k * 1000), 37));
        return next.SetItem((int)(k * 7919 % next.Count), -(int)k);
    }

    public static PersistentList<int> Version(long k)
    {
        var list = PersistentList<int>.Empty;
        for (long i = 1; i <= k; i++)
        {
            list = Next(list, i);
        }

        return list;
    }
}
