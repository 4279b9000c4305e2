using System.CommandLine;
using CowCollections;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.TestHost;

/// <summary>
/// The child processes of the segment tests: <c>stress-commit</c> (commits forever until killed, or kills itself
/// at a fault point), <c>hold-writer</c> (holds the writer lock until its standard input closes), <c>try-write</c>
/// (a second writer that reports whether it got in) and <c>sample-read</c> (random reads under a GC heap limit,
/// for the larger-than-RAM test).
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
        var sample = new Command("sample-read", "Test helper: random reads of an int list, checked against i * multiplier, then a memory report.")
        {
            file, name, reads, seed, multiplier, reopenEvery, sequential,
        };
        sample.SetAction(r => Run(() => SampleRead.Run(
            r.GetValue(file)!, r.GetValue(name)!, r.GetValue(reads), r.GetValue(seed), r.GetValue(multiplier), r.GetValue(reopenEvery), r.GetValue(sequential), Console.Out)));
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
