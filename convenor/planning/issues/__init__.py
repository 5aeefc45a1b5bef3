"""Issues and priorities: the challenges employers raised (with their evidence and the
efforts tried before), and the prioritisation rounds in which partners rate them for
importance and feasibility until the consensus goes into the decision log."""
