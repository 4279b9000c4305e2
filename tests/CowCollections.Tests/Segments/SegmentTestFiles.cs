using System.Buffers.Binary;
using System.Diagnostics;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>Shared helpers: byte surgery on files, the committed-versions model, and running the <c>cow</c> tool and the test host.</summary>
internal static class SegmentTestFiles
{
    public static void FlipByte(string path, long offset, byte mask = 0xFF)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        var one = new byte[1];
        RandomAccess.Read(handle, one, offset);
        one[0] ^= mask;
        RandomAccess.Write(handle, one, offset);
    }

    /// <summary>
    /// Recomputes the seal of the newest commit of <paramref name="image"/> (and its commit record's checksum) after
    /// bytes of it were rewritten, as a hostile writer could: the damage is then found by the record checks it
    /// targets, not by the seal. A newest commit without a seal is left alone.
    /// </summary>
    public static void Reseal(byte[] image)
    {
        HeaderSlot.TryRead(image.AsSpan(0, Format.SlotSize), out var a, out _);
        HeaderSlot.TryRead(image.AsSpan((int)Format.SlotBOffset, Format.SlotSize), out var b, out _);
        var head = a.CommitNumber >= b.CommitNumber ? a : b;
        if (!head.Sealed)
        {
            return;
        }

        int at = (int)head.CommitOffset;
        var payload = image.AsSpan(at + Format.RecordHeaderSize);
        long start = BinaryPrimitives.ReadInt64LittleEndian(payload[32..]);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[40..], Format.Checksum(image.AsSpan((int)start, at - (int)start)));
        int covered = Format.RecordHeaderSize + Format.Align((int)BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(at + 4)));
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at + covered), Format.Checksum(image.AsSpan(at, covered)));
    }

    /// <summary><see cref="Reseal(byte[])"/> on a file.</summary>
    public static void Reseal(string path)
    {
        var image = File.ReadAllBytes(path);
        Reseal(image);
        File.WriteAllBytes(path, image);
    }

    /// <summary>The newest commit's number and, when it is sealed, where its appended bytes start (else -1).</summary>
    public static (long Newest, long SealStart) NewestSeal(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        return (file.Current.Commit.Number, file.Current.Record.Seal is { } seal ? seal.Start : -1);
    }

    /// <summary>
    /// What opening <paramref name="copy"/>, a file cut to <paramref name="cut"/> bytes, must give: a cut inside a sealed
    /// newest commit is what a power loss during that commit's one flush leaves, so the file opens at the commit
    /// before and a check reports the newest as lost; every other cut is a <see cref="SegmentTruncatedException"/>.
    /// </summary>
    public static void AssertCutOutcome(string copy, long cut, (long Newest, long SealStart) newest)
    {
        if (newest.SealStart >= 0 && cut >= newest.SealStart)
        {
            using var file = SegmentFile.OpenRead(copy);
            Assert.Equal(newest.Newest - 1, file.Current.Commit.Number);
            Assert.Contains($"commit {newest.Newest}", file.Check().HeaderProblem, StringComparison.Ordinal);
            return;
        }

        var e = Assert.Throws<SegmentTruncatedException>(() => SegmentFile.OpenRead(copy));
        Assert.Equal(Path.GetFullPath(copy), e.FilePath);
    }

    public static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.SetLength(length);
    }

    /// <summary>Opens the file read-only and checks every retained commit against <paramref name="model"/> (commit → list).</summary>
    public static long OpenAndCompare(string path, IReadOnlyDictionary<long, int[]> model, string root = "xs")
    {
        using var file = SegmentFile.OpenRead(path);
        var head = file.Current.Commit.Number;
        foreach (var commit in file.GetCommits())
        {
            var snapshot = file.OpenCommit(commit.Number);
            if (!snapshot.Contains(root))
            {
                Assert.False(model.ContainsKey(commit.Number), $"commit {commit.Number} lost root '{root}'");
                continue;
            }

            var actual = snapshot.GetList<int>(root).ToArray();
            Assert.True(model.TryGetValue(commit.Number, out var expected), $"commit {commit.Number} is not in the model");
            Assert.Equal(expected, actual);
        }

        return head;
    }

    /// <summary>The <c>cow</c> tool, copied beside the test assembly.</summary>
    public static string CowDll => Path.Combine(AppContext.BaseDirectory, "cow.dll");

    /// <summary>The test host (<c>stress-commit</c>, <c>hold-writer</c>, <c>sample-read</c>), copied beside the test assembly.</summary>
    public static string TestHostDll => Path.Combine(AppContext.BaseDirectory, "cow-testhost.dll");

    public static Process StartCow(params string[] args) => Start(CowDll, new Dictionary<string, string>(), args);

    public static Process StartTestHost(params string[] args) => Start(TestHostDll, new Dictionary<string, string>(), args);

    public static (int ExitCode, string Output, string Error) RunCow(params string[] args) => Run(CowDll, new Dictionary<string, string>(), args);

    public static (int ExitCode, string Output, string Error) RunTestHost(params string[] args) => Run(TestHostDll, new Dictionary<string, string>(), args);

    /// <summary>Starts <paramref name="dll"/> under <c>dotnet</c> with extra environment variables (for example <c>DOTNET_GCHeapHardLimit</c>).</summary>
    public static Process Start(string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>Runs <paramref name="dll"/> to completion (at most 60 s) with extra environment variables.</summary>
    public static (int ExitCode, string Output, string Error) Run(string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = Start(dll, environment, args);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileNameWithoutExtension(dll)} did not finish in 60 s");
        }

        return (p.ExitCode, output.Result, error.Result);
    }

    /// <summary>A small file: three commits of a list "xs" (and a string list in the second), for damage tests.</summary>
    public static Dictionary<long, int[]> WriteSmallFile(string path)
    {
        var model = new Dictionary<long, int[]>();
        using var file = SegmentFile.OpenWrite(path);
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 70));
        model[file.Commit("xs", xs).Number] = xs.ToArray();
        xs = xs.SetItem(3, -3).Add(1000);
        model[file.BeginCommit().SetList("xs", xs).SetList("names", PersistentList.Create("a", "bb", "ccc")).Commit().Number] = xs.ToArray();
        xs = xs.RemoveAt(10);
        model[file.Commit("xs", xs).Number] = xs.ToArray();
        return model;
    }

    /// <summary>Checks the whole file with <see cref="SegmentFile.Check"/> and throws the first damage a commit reports (a damaged header slot the file fell back from is in the report).</summary>
    public static SegmentCheckReport Verify(SegmentFile file)
    {
        var report = file.Check();
        if (report.Commits.FirstOrDefault(c => c.Problem is not null)?.Problem is { } damage)
        {
            throw damage;
        }

        return report;
    }

    public static List<RecordInfo> Records(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        return SegmentChecker.Scan(file.Current);
    }
}
