"""nbgrader settings for every user pod of the district hub.

values.yaml mounts this file at /etc/jupyter/nbgrader_config.py in each pod (through
singleuser.extraFiles, whose stringData must stay identical to this file: the test
tests/test_deploy_k8s.py checks that). Students and teachers run in separate pods, so
nbgrader's exchange cannot be a local folder: it is the ReadWriteMany volume of
exchange-pvc.yaml, mounted at the same path in every pod. A teacher's course folder keeps
its own nbgrader_config.py (``suyang course init``) for the course root and id.

学生和老师各有自己的容器，nbgrader 的交换区只能放在每个容器都挂载的共享卷上
（exchange-pvc.yaml 中的 ReadWriteMany 卷）。
"""

c = get_config()  # noqa: F821 (nbgrader provides get_config when it loads this file)

# The shared exchange: the ReadWriteMany volume mounted here by values.yaml.
c.Exchange.root = "/srv/nbgrader/exchange"

# A district has many courses: each learner sees only the courses of their hub groups
# (nbgrader-<course id> for students, formgrade-<course id> for teachers), and fetched
# assignments land in a folder per course, so two courses may reuse assignment names.
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.Exchange.path_includes_course = True

# Deadlines and hand-in times in China Standard Time, as teachers set them.
c.Exchange.timezone = "Asia/Shanghai"
