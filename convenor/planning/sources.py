"""The toolkit passages the planning pages and findings cite, by name."""

STEP_FOUR = "Step Four: Begin Meeting as Partners and Learn More"
DIRECTION = "Every Partnership Needs Direction and Connection"
MOMENTUM = "Every Initiative Needs a Way to Maintain Momentum and Energy"
CHAPTER_3 = "3: Convening and Planning"
