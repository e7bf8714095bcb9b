namespace Arrakis.Testing;

/// <summary>The repository a test runs from (the folder holding Arrakis.sln, above the test's bin folder).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Arrakis.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Arrakis.sln not found above the test's directory.");
    }
}
