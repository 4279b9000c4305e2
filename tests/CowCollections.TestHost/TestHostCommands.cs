using System.CommandLine;
using CowCollections;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.TestHost;

/// <summary>
/// The child processes of the segment tests: <c>stress-commit</c> (commits forever until killed, or kills itself
/// at a fault point), <c>hold-writer</c> (holds the writer lock until its standard input closes), <c>try-write</c>
/// (a second writer that reports whether it got in), <c>sample-read</c> (random reads under a GC heap limit,
/// for the larger-than-RAM test) and <c>history-read</c> (timed reads for the recorded-history test).
/// </summary>
internal static class TestHostCommands
{
    public static void Add(RootCommand root)
    {
        var file = new Argument<string>("file") { Description = "The segment file." };
        var name = new Argument<string>("root") { Description = "The root name." };
        var count = new Option<int>("--count") { Description = "Stop after this many commits (default: until killed).", DefaultValueFactory = _ => int.MaxValue };
        var killAt = new Option<string?>("--kill-at") { Description = "Kill this process (SIGKILL) at this step of the last commit: AfterAppend, BeforeHeader, MidHeader or AfterHeader." };
        var stress = new Command("stress-commit", "Crash-test helper: commits StressModel versions in a loop, printing each commit number.") { file, count, killAt };
        stress.SetAction(r => Run(() => Stress(r.GetValue(file)!, r.GetValue(count), r.GetValue(killAt))));
        root.Subcommands.Add(stress);

        var hold = new Command("hold-writer", "Lock-test helper: opens the file for writing, prints 'ready', commits once when standard input closes.") { file };
        hold.SetAction(r => Run(() => Hold(r.GetValue(file)!)));
        root.Subcommands.Add(hold);

        var tryWrite = new Command("try-write", "Lock-test helper: tries to open the file for writing; prints 'locked' (exit 3) or commits once and prints 'committed'.") { file };
        tryWrite.SetAction(r => Run(() => TryWrite(r.GetValue(file)!)));
        root.Subcommands.Add(tryWrite);

        var reads = new Option<int>("--reads") { Description = "How many random reads.", DefaultValueFactory = _ => 200_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random indexes.", DefaultValueFactory = _ => 1 };
        var multiplier = new Option<int>("--multiplier") { Description = "Element i must equal i * multiplier (unchecked int).", DefaultValueFactory = _ => 7 };
        var reopenEvery = new Option<int>("--reopen-every") { Description = "Reopen the file (dropping decoded nodes) every this many reads; 0 = never.", DefaultValueFactory = _ => 1000 };
        var sequential = new Option<bool>("--sequential") { Description = "Read the indexes in order (a full scan when --reads is the count) instead of at random." };
        var scan = new Option<bool>("--scan") { Description = "Read the whole list once with SegmentSnapshot.ScanList (uncached), through one open file." };
        var sample = new Command("sample-read", "Test helper: random reads of an int list, checked against i * multiplier, then a memory report.")
        {
            file, name, reads, seed, multiplier, reopenEvery, sequential, scan,
        };
        sample.SetAction(r => Run(() => SampleRead.Run(
            r.GetValue(file)!, r.GetValue(name)!, r.GetValue(reads), r.GetValue(seed), r.GetValue(multiplier), r.GetValue(reopenEvery), r.GetValue(sequential), r.GetValue(scan), Console.Out)));
        root.Subcommands.Add(sample);

        var millis = new Option<int>("--milliseconds") { Description = "How long to read.", DefaultValueFactory = _ => 1000 };
        var reopen = new Option<bool>("--reopen") { Description = "Open the file again for every read instead of calling Refresh on one reader." };
        var history = new Command("history-read", "History-test helper: reads the newest commit again and again; prints 'INVOKE RESPONSE COMMIT ok|torn' per read (Stopwatch timestamps).")
        {
            file, name, millis, reopen, reads,
        };
        history.SetAction(r => Run(() => HistoryRead(r.GetValue(file)!, r.GetValue(name)!, r.GetValue(millis), r.GetValue(reopen), r.GetValue(reads))));
        root.Subcommands.Add(history);

        var watch = new Command("history-watch", "History-test helper: watches the file with a SegmentWatcher; prints 'change AT VERSION OLD NEW ok|torn reset|next' per delivery, then 'final AT VERSION' after a last Poll.")
        {
            file, name, millis,
        };
        watch.SetAction(r => Run(() => HistoryWatch(r.GetValue(file)!, r.GetValue(name)!, r.GetValue(millis))));
        root.Subcommands.Add(watch);
    }

    /// <summary>
    /// Watches <paramref name="path"/> for <paramref name="milliseconds"/> (file-change notifications and 20 ms
    /// polling), checking each delivered commit's root as <see cref="HistoryRead"/> does, then polls once more and
    /// reports the time that last poll began and the version it left.
    /// </summary>
    private static int HistoryWatch(string path, string name, int milliseconds)
    {
        var lines = new List<string>();
        using var watcher = new SegmentWatcher(path, new SegmentWatchOptions { PollingInterval = TimeSpan.FromMilliseconds(20) });
        lines.Add($"start {watcher.Version}");
        using var subscription = watcher.Subscribe(change =>
        {
            long at = System.Diagnostics.Stopwatch.GetTimestamp();
            long number = change.NewSnapshot.Commit.Number;
            var list = change.NewSnapshot.GetList<long>(name);
            bool whole = list.Count == HistoryCommit.Length(number) && list.All(x => x == number);
            lock (lines)
            {
                lines.Add($"change {at} {change.Version} {change.OldSnapshot.Commit.Number} {number} {(whole ? "ok" : "torn")} {(change.IsReset() ? "reset" : "next")}");
            }
        });
        Thread.Sleep(milliseconds);
        long final = System.Diagnostics.Stopwatch.GetTimestamp();
        watcher.Poll();
        lock (lines)
        {
            lines.Add($"final {final} {watcher.Version}");
            Console.Out.Write(string.Join(Environment.NewLine, lines) + Environment.NewLine);
        }

        return 0;
    }

    /// <summary>
    /// Reads root <paramref name="name"/> of the newest commit until the time is up (at most <paramref name="reads"/> times). Commit n's root is a list whose
    /// every element is n (and whose length depends on n), so a read that mixed commits, or a root that does not
    /// belong to its commit, is reported as torn. Timestamps are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>,
    /// the monotonic clock every process of the host shares.
    /// </summary>
    private static int HistoryRead(string path, string name, int milliseconds, bool reopen, int reads)
    {
        var output = new StringWriter();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reader = SegmentFile.OpenRead(path);
        try
        {
            for (int i = 0; i < reads && clock.ElapsedMilliseconds < milliseconds; i++)
            {
                Thread.Sleep(0);
                long invoke = System.Diagnostics.Stopwatch.GetTimestamp();
                if (reopen)
                {
                    reader.Dispose();
                    reader = SegmentFile.OpenRead(path);
                }
                else
                {
                    reader.Refresh();
                }

                var snapshot = reader.Current;
                long number = snapshot.Commit.Number;
                var list = snapshot.GetList<long>(name);
                bool whole = list.Count == HistoryCommit.Length(number) && list.All(x => x == number);
                long response = System.Diagnostics.Stopwatch.GetTimestamp();
                output.WriteLine($"{invoke} {response} {number} {(whole ? "ok" : "torn")}");
            }
        }
        finally
        {
            reader.Dispose();
        }

        Console.Out.Write(output.ToString());
        return 0;
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

    private static int TryWrite(string path)
    {
        SegmentFile file;
        try
        {
            file = SegmentFile.OpenWrite(path);
        }
        catch (SegmentWriterLockedException e)
        {
            Console.Out.WriteLine("locked");
            Console.Error.WriteLine(e.Message);
            return 3;
        }

        using (file)
        {
            file.Commit("intruder", PersistentList.Create(1));
        }

        Console.Out.WriteLine("committed");
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

/// <summary>What commit n of the recorded-history test holds: a list of <see cref="Length"/>(n) copies of n.</summary>
internal static class HistoryCommit
{
    public static int Length(long number) => 16 + (int)(number % 50);

    public static PersistentList<long> Content(long number) => PersistentList.CreateRange(Enumerable.Repeat(number, Length(number)));
}

/// <summary>The deterministic versions <c>stress-commit</c> commits: the tests rebuild commit k's list from k alone.</summary>
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
