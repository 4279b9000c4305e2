using CowCollections.Fuzz;

namespace CowCollections.Tests.Segments;

/// <summary>
/// The fuzz target (<see cref="SegmentFuzzTarget"/>: open the bytes as a segment file, read everything, then
/// write, commit and compact) on every seed of the corpus and on every input the fuzzer ever found crashing
/// (<c>tests/CowCollections.Fuzz/regressions</c>, kept after the fix): each may only end in a typed segment error.
/// </summary>
public class SegmentFuzzCorpusTests
{
    public static TheoryData<string> Seeds => Inputs("corpus");

    public static TheoryData<string> Regressions => Inputs("regressions");

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_seed_of_the_fuzz_corpus_reads_without_an_unexpected_exception(string input) => Run("corpus", input);

    [Theory]
    [MemberData(nameof(Regressions))]
    public void An_input_the_fuzzer_found_crashing_now_ends_in_a_typed_error_at_most(string input) => Run("regressions", input);

    [Fact]
    public void The_harness_expands_inputs_to_files_and_back()
    {
        var input = File.ReadAllBytes(Path.Combine(Folder("corpus"), "history-raw"));
        var file = SegmentFuzzTarget.Expand(input);
        Assert.Equal(input, SegmentFuzzTarget.Compress(file, 0));
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("history.seg"), file);
        using var segment = CowCollections.Segments.SegmentFile.OpenRead(dir.File("history.seg"));
        Assert.Equal(3, segment.Current.Commit.Number);
    }

    private static void Run(string folder, string input)
    {
        using var dir = new TempDirectory();
        SegmentFuzzTarget.Run(File.ReadAllBytes(Path.Combine(Folder(folder), input)), dir.Path);
    }

    private static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "fuzz", name);

    private static TheoryData<string> Inputs(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Folder(folder)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
