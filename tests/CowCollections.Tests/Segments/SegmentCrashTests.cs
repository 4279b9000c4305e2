using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>Crash mid-commit, crash while creating the file, torn or flipped header slots.</summary>
public class SegmentCrashTests
{
    private sealed class SimulatedCrash : Exception
    {
    }

    [Theory]
    [InlineData((int)FaultPoint.AfterAppend, false)]
    [InlineData((int)FaultPoint.BeforeHeader, false)]
    [InlineData((int)FaultPoint.MidHeader, false)]
    [InlineData((int)FaultPoint.AfterHeader, true)]
    public void A_crash_at_each_commit_step_reopens_to_the_last_durable_version(int step, bool headerReachedDisk)
    {
        var point = (FaultPoint)step;
        using var dir = new TempDirectory();
        string path = dir.File("crash.seg");
        var v1 = PersistentList.CreateRange(Enumerable.Range(0, 5000));
        var v2 = v1.SetItem(10, -10).AddRange(Enumerable.Range(0, 100));
        var v3 = v2.RemoveAt(0);
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", v1);
            writer.FaultInjector = p =>
            {
                if (p == point)
                {
                    throw new SimulatedCrash();
                }
            };
            Assert.Throws<SimulatedCrash>(() => writer.Commit("xs", v2));
            writer.FaultInjector = null;
            if (point is FaultPoint.AfterAppend or FaultPoint.BeforeHeader)
            {
                // Nothing of the header was touched: the writer carries on from the durable commit.
                Assert.Equal(1, writer.Current.Commit.Number);
                writer.Commit("xs", v3);
            }
            else
            {
                Assert.Throws<InvalidOperationException>(() => writer.Commit("xs", v3));
            }
        }

        using var reader = SegmentFile.OpenRead(path);
        var expected = point is FaultPoint.AfterAppend or FaultPoint.BeforeHeader ? v3 : headerReachedDisk ? v2 : v1;
        Assert.Equal(expected.ToArray(), reader.Current.GetList<int>("xs").ToArray());
        Assert.Equal(v1.ToArray(), reader.OpenCommit(1).GetList<int>("xs").ToArray());
        SegmentTestFiles.Verify(reader);

        // The writer reopened after the crash commits on top of what is durable.
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", v3.Add(7));
        }

        using var again = SegmentFile.OpenRead(path);
        Assert.Equal(v3.Add(7).ToArray(), again.Current.GetList<int>("xs").ToArray());
        SegmentTestFiles.Verify(again);
    }

    [Theory]
    [InlineData("AfterAppend", 5)]
    [InlineData("BeforeHeader", 5)]
    [InlineData("MidHeader", 5)]
    [InlineData("AfterHeader", 6)]
    public void A_child_process_killed_at_each_commit_step_reopens_to_the_last_durable_version(string step, long expectedHead)
    {
        using var dir = new TempDirectory();
        string path = dir.File($"kill-{step}.seg");
        var (code, output, _) = SegmentTestFiles.RunTestHost("stress-commit", path, "--count", "6", "--kill-at", step);
        Assert.NotEqual(0, code);
        Assert.Equal(["1", "2", "3", "4", "5"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(expectedHead, file.Current.Commit.Number);
        Assert.Equal(CowCollections.TestHost.StressModel.Version(expectedHead).ToArray(), file.Current.GetList<int>("stress").ToArray());
        SegmentTestFiles.Verify(file);

        // A new writer (the dead one's lock died with it) continues from there.
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("stress", CowCollections.TestHost.StressModel.Version(expectedHead + 1));
        }

        using var again = SegmentFile.OpenRead(path);
        Assert.Equal(expectedHead + 1, again.Current.Commit.Number);
    }

    [Fact]
    public void A_crash_while_creating_the_file_is_a_clear_incomplete_segment_error()
    {
        using var dir = new TempDirectory();
        string good = dir.File("good.seg");
        using (SegmentFile.OpenWrite(good))
        {
        }

        var bytes = File.ReadAllBytes(good);
        Assert.Equal(Format.DataStart, bytes.Length);
        foreach (int length in new[] { 0, 1, 31, 32, 63, 64, 4095, 4096, 8191 })
        {
            string cut = dir.File($"cut{length}.seg");
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.Throws<SegmentTruncatedException>(() => SegmentFile.OpenRead(cut));
            Assert.Contains("incomplete segment", e.Reason);
        }

        // The header area exists but the first slot write was torn.
        for (int written = 1; written < Format.SlotSize; written += 7)
        {
            string torn = dir.File($"torn{written}.seg");
            var partial = new byte[Format.DataStart];
            bytes.AsSpan(0, written).CopyTo(partial);
            File.WriteAllBytes(torn, partial);
            var e = Assert.ThrowsAny<SegmentException>(() => SegmentFile.OpenRead(torn));
            Assert.True(e is SegmentChecksumException or SegmentFormatException, e.GetType().Name);
            if (written >= 8)
            {
                Assert.Contains("incomplete segment", e.Reason);
            }

            // A writer does not silently reinitialize such a file either.
            Assert.ThrowsAny<SegmentException>(() => SegmentFile.OpenWrite(torn).Dispose());
        }
    }

    [Fact]
    public void A_damaged_header_slot_falls_back_to_the_other_and_both_damaged_is_a_typed_error()
    {
        using var dir = new TempDirectory();
        string path = dir.File("slots.seg");
        var v1 = PersistentList.Create(1, 2, 3);
        var v2 = v1.Add(4);
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", v1); // commit 1: slot B
            writer.Commit("xs", v2); // commit 2: slot A
        }

        var original = File.ReadAllBytes(path);
        for (int at = 0; at < Format.SlotSize; at++)
        {
            // Slot A (newest) damaged: commit 1 from slot B.
            File.WriteAllBytes(path, original);
            SegmentTestFiles.FlipByte(path, at);
            using (var file = SegmentFile.OpenRead(path))
            {
                Assert.Equal(1, file.Current.Commit.Number);
                Assert.Equal([1, 2, 3], file.Current.GetList<int>("xs").ToArray());
            }

            // Slot B damaged: commit 2 from slot A.
            File.WriteAllBytes(path, original);
            SegmentTestFiles.FlipByte(path, Format.SlotBOffset + at);
            using (var file = SegmentFile.OpenRead(path))
            {
                Assert.Equal(2, file.Current.Commit.Number);
                Assert.Equal([1, 2, 3, 4], file.Current.GetList<int>("xs").ToArray());
            }

            // Both damaged.
            SegmentTestFiles.FlipByte(path, at);
            var e = Assert.ThrowsAny<SegmentException>(() => SegmentFile.OpenRead(path));
            Assert.True(e is SegmentChecksumException or SegmentFormatException, e.GetType().Name);
        }
    }

    [Fact]
    public async Task A_child_process_killed_while_committing_leaves_a_file_that_opens_at_a_complete_commit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("killed.seg");
        var random = new Random(20261127);
        long lastSeen = 0;
        for (int round = 0; round < 4; round++)
        {
            using var child = SegmentTestFiles.StartTestHost("stress-commit", path);
            long printed = 0;
            var reading = Task.Run(() =>
            {
                while (child.StandardOutput.ReadLine() is { } line)
                {
                    Volatile.Write(ref printed, long.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
                }
            });
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref printed) < lastSeen + 3 && DateTime.UtcNow < deadline && !child.HasExited)
            {
                await Task.Delay(5);
            }

            await Task.Delay(random.Next(0, 40));
            child.Kill();
            await child.WaitForExitAsync();
            await reading.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(Volatile.Read(ref printed) > lastSeen, $"the child made no commit in round {round}: {await child.StandardError.ReadToEndAsync()}");

            using var file = SegmentFile.OpenRead(path);
            long head = file.Current.Commit.Number;
            Assert.InRange(head, Volatile.Read(ref printed), Volatile.Read(ref printed) + 1);
            Assert.Equal(CowCollections.TestHost.StressModel.Version(head).ToArray(), file.Current.GetList<int>("stress").ToArray());
            SegmentTestFiles.Verify(file);
            lastSeen = head;
        }
    }
}
