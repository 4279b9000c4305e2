// Uses each package through its public API and checks what it gets; exits non-zero on any mismatch.
using CowCollections;
using CowCollections.Segments;
using CowCollections.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Primitives;

int failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok)
    {
        failures++;
    }
}

PersistentList<int> list = [1, 2, 3];
var longer = list.AddRange(PersistentList.CreateRange(Enumerable.Range(4, 10_000))).SetItem(0, -1);
Check(list.Count == 3 && list[0] == 1, "a version is unchanged by later edits");
Check(longer.Count == 10_003 && longer[0] == -1 && longer[10_002] == 10_003, "list concatenation and SetItem");

var dictionary = PersistentDictionary.Create<string, int>().SetItem("a", 1).SetItem("b", 2);
var next = dictionary.SetItem("a", 10).Remove("b");
Check(next.Count == 1 && next["a"] == 10 && dictionary["a"] == 1, "dictionary versions");
Check(dictionary.Diff(next).Count() == 2, "dictionary Diff");

var array = PersistentArray.Create<long>(100_000).SetItem(99_999, 7);
Check(array[99_999] == 7 && array[0] == 0, "persistent array");

var settings = new CopyOnWriteDictionary<string, string>();
int reloads = 0;
using (ChangeToken.OnChange(settings.GetChangeToken, () => reloads++))
{
    settings["timeout"] = "30";
    settings.SetItems([new("retries", "3"), new("region", "eu")]);
}
Check(reloads == 2 && settings.Count == 3, "IChangeToken over a container (Extensions)");

string dir = Path.Combine(Path.GetTempPath(), "cow-consumer-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
try
{
    string path = Path.Combine(dir, "consumer.seg");
    using (var file = SegmentFile.OpenWrite(path))
    {
        file.Commit("xs", longer);
        file.Commit("d", next);
    }

    using var reader = SegmentFile.OpenRead(path);
    Check(reader.Current.GetList<int>("xs").SequenceEqual(longer), "a list read back from a segment file");
    Check(reader.Current.GetDictionary<string, int>("d")["a"] == 10, "a dictionary read back from a segment file");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

// JSON through a source-generated context: the collections' own [JsonConverter] attribute for the list of strings,
// explicitly typed converters for the value-type instantiations (what a native AOT app registers).
var dto = new ConsumerDto(PersistentList.Create("a", "b"), PersistentDictionary.Create<string, int>().SetItem("k", 1), PersistentList.Create(80, 443));
string json = JsonSerializer.Serialize(dto, ConsumerJsonContext.Default.ConsumerDto);
var back = JsonSerializer.Deserialize(json, ConsumerJsonContext.Default.ConsumerDto)!;
Check(json == """{"Names":["a","b"],"Limits":{"k":1},"Ports":[80,443]}""", "JSON text of a record of collections");
Check(back.Names.SequenceEqual(dto.Names) && back.Limits["k"] == 1 && back.Ports.SequenceEqual(dto.Ports), "JSON round trip through a source-generated context");
try
{
    var longs = JsonSerializer.Deserialize("[1,2]", ConsumerJsonContext.Default.PersistentListInt64)!;
    Check(longs.SequenceEqual([1L, 2L]), "a value-type list through the attribute alone");
}
catch (NotSupportedException e) when (e.Message.Contains("PersistentListJsonConverter<Int64>", StringComparison.Ordinal))
{
    Check(!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported, "native AOT: the attribute alone names the converter to register for a value-type list");
}

Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} checks failed");
return failures == 0 ? 0 : 1;

public sealed record ConsumerDto(PersistentList<string> Names, PersistentDictionary<string, int> Limits, PersistentList<int> Ports);

[JsonSerializable(typeof(ConsumerDto))]
[JsonSerializable(typeof(PersistentList<long>))]
[JsonSourceGenerationOptions(Converters = [typeof(PersistentListJsonConverter<int>), typeof(PersistentDictionaryJsonConverter<string, int>)])]
internal sealed partial class ConsumerJsonContext : JsonSerializerContext
{
}
