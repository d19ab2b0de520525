namespace TLDeclarative.Augmentation;

/// <summary>torchvision's RandomResizedCrop: the crop covers a fraction in [MinScale, MaxScale] of the area, with an aspect ratio in [MinRatio, MaxRatio].</summary>
public sealed record RandomResizedCropSettings(double MinScale = 0.08, double MaxScale = 1.0, double MinRatio = 3.0 / 4, double MaxRatio = 4.0 / 3);
