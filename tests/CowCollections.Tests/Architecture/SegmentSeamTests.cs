using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CowCollections.Segments;
using NetArchTest.Rules;

namespace CowCollections.Tests.Architecture;

/// <summary>
/// The segment layer reaches the core's engines only through <c>CowCollections.Internal.Persistence</c>: it may
/// name public types of the core and the types of that folder, and no other internal type.
/// </summary>
public class SegmentSeamTests
{
    private const string Seam = "CowCollections.Internal.Persistence";

    /// <summary>
    /// CHAMP internals the dictionary records still name directly. The dictionary engine work moves them behind
    /// <c>Internal/Persistence/ChampPersistence.cs</c> and empties this list; until then it must stay exact
    /// (see <see cref="The_list_of_CHAMP_internals_still_reached_directly_is_exact"/>).
    /// </summary>
    private static readonly string[] ChampStillReachedDirectly =
    [
        "CowCollections.Internal.Champ.ChampEntry`2",
        "CowCollections.Internal.Champ.ChampNode`2",
        "CowCollections.Internal.Champ.ChampNodeSource`2",
        "CowCollections.Internal.Champ.ChampShellSource`2",
    ];

    /// <summary>
    /// Names the segment sources spell that compile to no type reference (a constant is copied into the IL, so
    /// only the source shows it). Empty since the collision depth reaches the segments through the seam
    /// (<c>ChampPersistence.CollisionShift</c>); it must stay exact while it has entries.
    /// </summary>
    private static readonly string[] ChampConstantsStillSpelled = [];

    private static readonly Assembly Core = typeof(PersistentList<>).Assembly;

    private static readonly Assembly SegmentLayer = typeof(SegmentFile).Assembly;

    [Fact]
    public void Segments_name_no_internal_type_of_the_core_outside_the_persistence_seam()
    {
        var offenders = new List<string>();
        foreach (var name in InternalCoreTypes().Except(ChampStillReachedDirectly, StringComparer.Ordinal))
        {
            var users = SegmentTypesNaming(name);
            if (users.Count > 0)
            {
                offenders.Add($"{name} is named by {string.Join(", ", users)}");
            }
        }

        Assert.True(offenders.Count == 0, "The segment layer reaches core internals outside " + Seam + ":" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void The_list_of_CHAMP_internals_still_reached_directly_is_exact()
    {
        var internals = InternalCoreTypes().ToHashSet(StringComparer.Ordinal);
        foreach (var name in ChampStillReachedDirectly)
        {
            Assert.True(internals.Contains(name), $"{name} is not an internal type of the core (renamed or removed): drop it from the list.");
            Assert.True(SegmentTypesNaming(name).Count > 0, $"The segment layer no longer names {name}: drop it from the list.");
        }
    }

    [Fact]
    public void Segment_sources_spell_no_internal_core_type_outside_the_seam()
    {
        // Constants leave no trace in IL, so the sources are read too: code lines only, not comments.
        var names = Core.GetTypes()
            .Where(t => !t.IsVisible && !t.IsNested && !IsCompilerGenerated(t) && t.Namespace != Seam)
            .Select(t => t.Name.Split('`')[0])
            .Except(ChampStillReachedDirectly.Select(n => n.Split('.')[^1].Split('`')[0]).Concat(ChampConstantsStillSpelled), StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);
        var offenders = new List<string>();
        string sources = Path.Combine(RepositoryRoot(), "src", "CowCollections.Segments");
        foreach (var file in Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            int number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                string code = line.Split("//")[0];
                foreach (Match word in Regex.Matches(code, @"\b[A-Z][A-Za-z0-9]*\b"))
                {
                    if (names.Contains(word.Value))
                    {
                        offenders.Add($"{Path.GetRelativePath(sources, file)}:{number}: {word.Value}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "Segment sources spell core internals outside " + Seam + ":" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void The_list_of_CHAMP_constants_still_spelled_is_exact()
    {
        string sources = Path.Combine(RepositoryRoot(), "src", "CowCollections.Segments");
        string all = string.Concat(Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var name in ChampConstantsStillSpelled)
        {
            Assert.True(Regex.IsMatch(all, $@"\b{name}\b"), $"The segment sources no longer spell {name}: drop it from the list.");
        }
    }

    [Fact]
    public void The_seam_is_reached_by_the_segment_layer_and_its_types_are_internal()
    {
        var seamTypes = Core.GetTypes().Where(t => t.Namespace == Seam && !IsCompilerGenerated(t)).ToList();
        Assert.NotEmpty(seamTypes);
        Assert.All(seamTypes, t => Assert.False(t.IsVisible, $"{t.FullName} is public; the seam is internal to the two packages."));
        Assert.NotEmpty(SegmentTypesNaming(Seam));
    }

    /// <summary>Full names (as IL spells them) of every non-public type of the core outside the seam.</summary>
    private static IEnumerable<string> InternalCoreTypes() =>
        Core.GetTypes()
            .Where(t => !t.IsVisible && !IsCompilerGenerated(t) && t.Namespace != Seam && t.FullName is not null)
            .Select(t => t.FullName!.Replace('+', '/'))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal);

    private static bool IsCompilerGenerated(Type t) =>
        t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || t.FullName is null || t.FullName.Contains('<', StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CowCollections.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (CowCollections.sln) is not above the test binaries.");
    }

    private static List<string> SegmentTypesNaming(string dependency) =>
        Types.InAssembly(SegmentLayer).That().HaveDependencyOn(dependency).GetTypes()
            .Select(t => t.FullName!)
            .ToList();
}
