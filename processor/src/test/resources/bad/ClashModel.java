package bad;

/** A user class with the name Kiln would generate for Clash. */
public class ClashModel {
}
