using System.Diagnostics;
using System.Globalization;
using CowCollections.Linearizability;
using CowCollections.Segments;
using CowCollections.Tests.Segments;
using CowCollections.TestHost;
using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// A segment writer in this process and readers in two other processes (one calling <c>Refresh</c> on one
/// reader, one opening the file for every read), every commit and every read recorded with the host's
/// monotonic clock. Each read must see a whole commit (its root is the content of its commit number), and the
/// history must be linearizable as a register of commit numbers: a read sees a commit no older than the last one
/// whose <c>Commit</c> returned before the read began, and none that had not begun. A <c>SegmentWatcher</c> in a
/// third process must receive every commit once, whole, in order, none before it began and none missing after
/// its last poll.
/// </summary>
public sealed class SegmentHistoryTests(ITestOutputHelper output)
{
    private const string Root = "history";

    /// <summary>Rounds of about two seconds (a fresh file and fresh reader processes each) for <c>COW_LINCHECK_SECONDS</c> in all.</summary>
    [Fact]
    public async Task ReadersInOtherProcesses_SeeWholeCommits_NoOlderThanTheLastThatReturnedBeforeTheyBegan()
    {
        var clock = Stopwatch.StartNew();
        long commits = 0, reads = 0, deliveries = 0;
        int rounds = 0;
        do
        {
            var (c, r, d) = await Round(Math.Min(2, Math.Max(1, Workload.Seconds)));
            commits += c;
            reads += r;
            deliveries += d;
            rounds++;
        }
        while (clock.Elapsed.TotalSeconds < Workload.Seconds);

        output.WriteLine($"segment commits and cross-process reads: {rounds:N0} rounds, {commits:N0} commits, {reads:N0} reads checked in {clock.Elapsed.TotalSeconds:0.0} s; watchers in a third process received {deliveries:N0} commits, each once, in order");
    }

    private static async Task<(long Commits, long Reads, long Deliveries)> Round(double seconds)
    {
        using var dir = new TempDirectory();
        string path = dir.File("history.seg");
        using var writer = SegmentFile.OpenWrite(path, new SegmentWriteOptions());
        long first = writer.Commit(Root, HistoryCommit.Content(writer.Current.Commit.Number + 1)).Number;

        string milliseconds = ((int)(seconds * 1000)).ToString(CultureInfo.InvariantCulture);
        string reads = ((int)(seconds * 3000)).ToString(CultureInfo.InvariantCulture);
        var readers = new[]
        {
            SegmentTestFiles.StartTestHost("history-read", path, Root, "--milliseconds", milliseconds, "--reads", reads),
            SegmentTestFiles.StartTestHost("history-read", path, Root, "--milliseconds", milliseconds, "--reads", reads, "--reopen"),
            SegmentTestFiles.StartTestHost("history-watch", path, Root, "--milliseconds", milliseconds),
        };
        var outputs = readers.Select(r => r.StandardOutput.ReadToEndAsync()).ToArray();

        var recorder = new HistoryRecorder<RegisterOp<long>, RegisterResult<long>>(1, 1_000_000);
        var me = recorder.ForThread(0);
        var clock = Stopwatch.StartNew();
        while (readers.Any(r => !r.HasExited) && clock.Elapsed.TotalSeconds < seconds + 30)
        {
            long next = writer.Current.Commit.Number + 1;
            me.Invoke(Register.Write(next));
            long number = writer.Commit(Root, HistoryCommit.Content(next)).Number;
            me.Return(Register.Ok<long>());
            Assert.Equal(next, number);
        }

        foreach (var r in readers)
        {
            Assert.True(r.WaitForExit(30_000), "a reader did not finish");
            Assert.True(r.ExitCode == 0, r.StandardError.ReadToEnd());
        }

        var builder = new HistoryBuilder<RegisterOp<long>, RegisterResult<long>>();
        foreach (var o in recorder.ToHistory().Operations)
        {
            builder.Add(0, o.Input, o.Output, o.Invoke, o.Response);
        }

        var commits = recorder.ToHistory().Operations;
        int deliveries = CheckWatcher(await outputs[2], commits);

        int readCount = 0;
        for (int i = 0; i < 2; i++)
        {
            foreach (string line in (await outputs[i]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = line.Split(' ');
                Assert.True(f[3] == "ok", $"reader {i} saw a torn commit: {line}");
                builder.Add(i + 1, Register.Read<long>(), Register.Read(long.Parse(f[2], CultureInfo.InvariantCulture)), long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture));
                readCount++;
            }
        }

        var history = builder.Build();
        var result = LinearizabilityChecker.Check(new RegisterModel<long>(first), history, new CheckOptions { Timeout = TimeSpan.FromSeconds(60) });
        Assert.True(readCount > 0, "the readers read nothing");
        Assert.True(result.IsOk, result.Report);
        return (history.Count - readCount, readCount, deliveries);
    }

    /// <summary>
    /// The watcher's deliveries: consecutive commit numbers from the first change's old commit, each whole, none delivered
    /// before its <c>Commit</c> began, and, after its last poll, none missing that returned before that poll began.
    /// Returns how many it received.
    /// </summary>
    private static int CheckWatcher(string text, IReadOnlyList<Operation<RegisterOp<long>, RegisterResult<long>>> commits)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(' ')).ToList();

        // A subscriber receives the changes found after it subscribed: a check may deliver a commit between the
        // watcher's start and the subscription, so the sequence starts at the first change's old commit.
        long started = long.Parse(lines[0][1], CultureInfo.InvariantCulture);
        var firstChange = lines.FirstOrDefault(f => f[0] == "change");
        long previous = firstChange is null ? started : long.Parse(firstChange[3], CultureInfo.InvariantCulture);
        Assert.True(previous >= started, $"the watcher started at commit {started} but its first change came from commit {previous}");
        var invokedAt = commits.ToDictionary(c => c.Input.Value, c => c.Invoke);
        int deliveries = 0;
        foreach (var f in lines.Skip(1).Where(f => f[0] == "change"))
        {
            long at = long.Parse(f[1], CultureInfo.InvariantCulture), version = long.Parse(f[2], CultureInfo.InvariantCulture);
            long old = long.Parse(f[3], CultureInfo.InvariantCulture), number = long.Parse(f[4], CultureInfo.InvariantCulture);
            Assert.True(f[5] == "ok", $"the watcher received a torn commit: {string.Join(' ', f)}");
            Assert.True(f[6] == "next", $"the watcher reported a reset though nothing was compacted: {string.Join(' ', f)}");
            Assert.True(version == previous + 1 && old == previous && number == version, $"after commit {previous} the watcher received {string.Join(' ', f)}");
            Assert.True(invokedAt.TryGetValue(number, out long invoked) && invoked <= at, $"commit {number} was delivered before it was begun");
            previous = number;
            deliveries++;
        }

        var final = lines.Single(f => f[0] == "final");
        long lastPollBegan = long.Parse(final[1], CultureInfo.InvariantCulture);
        long returnedBefore = commits.Where(c => c.Response < lastPollBegan).Select(c => c.Input.Value).DefaultIfEmpty(0).Max();
        Assert.True(previous >= returnedBefore, $"the watcher's last poll left it at commit {previous}, but commit {returnedBefore} had returned before that poll began");
        Assert.Equal(previous, long.Parse(final[2], CultureInfo.InvariantCulture));
        return deliveries;
    }
}
