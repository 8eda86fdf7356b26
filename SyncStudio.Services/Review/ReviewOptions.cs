namespace SyncStudio.Services.Review;

public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>Four-eyes: a person cannot approve or reject a change made from their own local edit.</summary>
    public bool FourEyes { get; set; }
}
