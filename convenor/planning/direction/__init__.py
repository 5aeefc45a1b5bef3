"""How the effort is run: where its mission was adopted, areas for further analysis,
staffing, communication, the organisational chart (governance roles) and the logic
model. The effort's name and mission text live on the partnership."""
