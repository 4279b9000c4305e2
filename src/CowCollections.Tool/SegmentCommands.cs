using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CowCollections.Segments;
using Spectre.Console;

namespace CowCollections.Tool;

/// <summary>
/// <c>cow inspect</c>, <c>verify</c>, <c>dump</c> and <c>compact</c>: segment files through the public API of
/// <c>CowCollections.Segments</c> only. Failures are thrown and turned into a message and an exit code by <see cref="Cli"/>.
/// </summary>
internal static class SegmentCommands
{
    public static int Inspect(string path, TextWriter output)
    {
        using var file = OpenRead(path);
        var commits = file.GetCommits();
        output.WriteLine($"{file.FilePath}: {new FileInfo(file.FilePath).Length:N0} bytes, {commits.Count} retained commit(s), the newest is {file.Current.Commit.Number} ({file.Current.Commit.CommittedLength:N0} bytes committed)");
        foreach (var info in commits)
        {
            output.WriteLine($"  commit {info.Number} at {info.Timestamp:u}: {info.RootNames.Count} root(s)");
            var snapshot = file.OpenCommit(info.Number);
            foreach (var name in snapshot.Names)
            {
                output.WriteLine($"    {snapshot.GetRootInfo(name)}");
            }
        }

        return Cli.Ok;
    }

    public static int Verify(string path, TextWriter output)
    {
        using var file = OpenRead(path);
        int total = file.GetCommits().Count;
        output.WriteLine($"checking {file.FilePath}: {total} retained commit(s)");
        SegmentCheckReport report;
        void Print(SegmentCommitCheck c, Action<string> line)
        {
            if (c.Problem is { } p)
            {
                line($"commit {c.Commit.Number}: DAMAGED at offset {p.Offset}: {p.Reason}");
                return;
            }

            line($"commit {c.Commit.Number}: ok ({c.Roots.Count} root(s))");
            foreach (var root in c.Roots)
            {
                line($"  {root}");
            }
        }

        if (ShowProgress(output) && total > 1)
        {
            SegmentCheckReport? done = null;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("verifying", maxValue: total);
                done = file.Check(new Reporter<SegmentCheckProgress>(p =>
                {
                    Print(p.Completed, l => AnsiConsole.WriteLine(l));
                    task.Value = p.CommitsChecked;
                }));
            });
            report = done!;
        }
        else
        {
            report = file.Check(new Reporter<SegmentCheckProgress>(p => Print(p.Completed, output.WriteLine)));
        }

        if (report.HeaderProblem is { } header)
        {
            output.WriteLine($"header: DAMAGED: {header}");
        }

        int damaged = report.Commits.Count(c => c.Problem is not null);
        output.WriteLine(report.IsHealthy
            ? $"ok: {report.Commits.Count} commit(s), {report.ValuesChecked:N0} values, {report.NodeRecordsChecked:N0} node records checked (each shared record once)"
            : $"damaged: {damaged} of {report.Commits.Count} commit(s){(report.HeaderProblem is null ? "" : " and a header slot")}; {report.ValuesChecked:N0} values, {report.NodeRecordsChecked:N0} node records checked (each shared record once)");
        return report.IsHealthy ? Cli.Ok : Cli.Damaged;
    }

    public static int Dump(string path, string rootName, long? commit, bool json, TextWriter output)
    {
        using var file = OpenRead(path);
        var snapshot = file.Current;
        if (commit is { } n)
        {
            var retained = file.GetCommits();
            if (retained.All(c => c.Number != n))
            {
                throw new UsageException($"{file.FilePath}: no retained commit {n} (retained: {string.Join(", ", retained.Select(c => c.Number))})");
            }

            snapshot = file.OpenCommit(n);
        }

        if (!snapshot.Contains(rootName))
        {
            throw new UsageException($"{file.FilePath}: commit {snapshot.Commit.Number} has no root '{rootName}' (roots: {(snapshot.Names.Count == 0 ? "none" : string.Join(", ", snapshot.Names.Select(r => $"'{r}'")))})");
        }

        var info = snapshot.GetRootInfo(rootName);
        if (json)
        {
            DumpJson(file.FilePath, snapshot, info, output);
            return Cli.Ok;
        }

        if (info.Kind == SegmentRootKind.Dictionary)
        {
            foreach (var (key, value) in snapshot.EnumerateEncodedEntries(rootName))
            {
                output.WriteLine($"{ValueText.Text(key.Span, info.KeyCodecId!)}\t{ValueText.Text(value.Span, info.ValueCodecId)}");
            }
        }
        else
        {
            foreach (var value in snapshot.EnumerateEncodedValues(rootName))
            {
                output.WriteLine(ValueText.Text(value.Span, info.ValueCodecId));
            }
        }

        return Cli.Ok;
    }

    public static int Compact(string path, TextWriter output)
    {
        RequireFile(path);
        long before = new FileInfo(path).Length;
        using var file = SegmentFile.OpenWrite(path);
        SegmentCommitInfo kept;
        if (ShowProgress(output))
        {
            SegmentCommitInfo? done = null;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("compacting", maxValue: Math.Max(1, file.Current.Commit.CommittedLength));
                done = file.Compact(new Reporter<SegmentCompactionProgress>(p => task.Value = p.BytesWritten));
                task.Value = task.MaxValue;
            });
            kept = done!;
        }
        else
        {
            kept = file.Compact(new Reporter<SegmentCompactionProgress>(p => output.WriteLine($"  {p.BytesWritten:N0} bytes written")));
        }

        output.WriteLine($"compacted {file.FilePath}: {before:N0} -> {new FileInfo(file.FilePath).Length:N0} bytes; kept commit {kept.Number} with {kept.RootNames.Count} root(s), history dropped");
        return Cli.Ok;
    }

    private static void DumpJson(string path, SegmentSnapshot snapshot, SegmentRootInfo info, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteNumber("commit", snapshot.Commit.Number);
            w.WriteString("root", info.Name);
            w.WriteString("kind", info.Kind.ToString().ToLowerInvariant());
            w.WriteNumber("count", info.Count);
            if (info.Kind == SegmentRootKind.Dictionary)
            {
                w.WriteString("keyCodec", info.KeyCodecId);
                w.WriteString("valueCodec", info.ValueCodecId);
                w.WriteStartArray("entries");
                foreach (var (key, value) in snapshot.EnumerateEncodedEntries(info.Name))
                {
                    w.WriteStartObject();
                    w.WritePropertyName("key");
                    ValueText.Json(w, key.Span, info.KeyCodecId!);
                    w.WritePropertyName("value");
                    ValueText.Json(w, value.Span, info.ValueCodecId);
                    w.WriteEndObject();
                    FlushEvery(w, stream, output);
                }
            }
            else
            {
                w.WriteString("codec", info.ValueCodecId);
                w.WriteStartArray("values");
                foreach (var value in snapshot.EnumerateEncodedValues(info.Name))
                {
                    ValueText.Json(w, value.Span, info.ValueCodecId);
                    FlushEvery(w, stream, output);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    /// <summary>Streams a long dump: what the writer has buffered goes out about every 64 KiB.</summary>
    private static void FlushEvery(Utf8JsonWriter w, MemoryStream stream, TextWriter output)
    {
        if (w.BytesPending + stream.Length < 1 << 16)
        {
            return;
        }

        w.Flush();
        output.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
        stream.SetLength(0);
    }

    private static SegmentFile OpenRead(string path)
    {
        RequireFile(path);
        return SegmentFile.OpenRead(path);
    }

    private static void RequireFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"{path}: is a folder, not a segment file");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(null, path);
        }
    }

    /// <summary>A progress bar only when a person watches: standard output is a terminal.</summary>
    private static bool ShowProgress(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>Runs the callback on the reporting thread (unlike <see cref="Progress{T}"/>, which posts it).</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
