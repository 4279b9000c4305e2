namespace CowCollections.Configuration.Tests.Configuration;

/// <summary>A JSON file in a fresh temporary directory, deleted with the directory on dispose.</summary>
internal sealed class TempJsonFile : IDisposable
{
    public TempJsonFile(string json)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cow-config-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "settings.json");
        File.WriteAllText(Path, json);
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Rewrites the file in place (truncate and write), as most programs save.</summary>
    public void WriteInPlace(string json) => File.WriteAllText(Path, json);

    /// <summary>Saves the way many editors do: write a sibling temporary file, then rename it over the original.</summary>
    public void WriteRename(string json)
    {
        var temporary = System.IO.Path.Combine(Directory, ".settings.json." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(temporary, json);
        File.Move(temporary, Path, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
