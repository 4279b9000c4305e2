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
/// whose <c>Commit</c> returned before the read began, and none that had not begun.
/// </summary>
public sealed class SegmentHistoryTests(ITestOutputHelper output)
{
    private const string Root = "history";

    [Fact]
    public async Task ReadersInOtherProcesses_SeeWholeCommits_NoOlderThanTheLastThatReturnedBeforeTheyBegan()
    {
        using var dir = new TempDirectory();
        string path = dir.File("history.seg");
        double seconds = Math.Max(1, Workload.Seconds);
        using var writer = SegmentFile.OpenWrite(path, new SegmentWriteOptions());
        long first = writer.Commit(Root, HistoryCommit.Content(writer.Current.Commit.Number + 1)).Number;

        string milliseconds = ((int)(seconds * 1000)).ToString(CultureInfo.InvariantCulture);
        string reads = ((int)(seconds * 3000)).ToString(CultureInfo.InvariantCulture);
        var readers = new[]
        {
            SegmentTestFiles.StartTestHost("history-read", path, Root, "--milliseconds", milliseconds, "--reads", reads),
            SegmentTestFiles.StartTestHost("history-read", path, Root, "--milliseconds", milliseconds, "--reads", reads, "--reopen"),
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

        int readCount = 0;
        for (int i = 0; i < outputs.Length; i++)
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
        output.WriteLine($"segment commits and cross-process reads: {history.Count - readCount:N0} commits, {readCount:N0} reads checked in {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(readCount > 0, "the readers read nothing");
        Assert.True(result.IsOk, result.Report);
    }
}
